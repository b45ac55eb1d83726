/**
 * Workflows as files: the JSON an author keeps in git and pushes from CI.
 *
 *   { "key": "wf_…", "version": 4, "name": "…", "description": "…", "definition": { "v": 1, … } }
 *
 * `key` is the workflow's id on the server: the API has no field of its own to
 * find a workflow by, so `wfchat workflow push` records the id it created in
 * the file, and later pushes update that workflow. `version` is the workflow's
 * optimistic-locking counter when the file was exported or last pushed: a push
 * from an older version is refused instead of overwriting someone's edit.
 *
 * Checked offline with the contracts' schemas, and every problem is reported in
 * words that name the node, edge or chat setting it concerns
 * (exported as `@wfchat/cli/workflow-file` for the MCP server).
 */
import {
  safeParseDefinition,
  ZCreateWorkflowRequest,
  type TWorkflow,
  type TWorkflowDefinition,
} from '@wfchat/contracts';
import { z } from 'zod';

export const ZWorkflowFile = z.strictObject({
  key: z.string().trim().min(1).max(200).optional(),
  version: z.number().int().positive().optional(),
  name: ZCreateWorkflowRequest.shape.name,
  description: ZCreateWorkflowRequest.shape.description,
  definition: z.record(z.string(), z.unknown()),
});
export type TWorkflowFile = z.infer<typeof ZWorkflowFile>;

/** A file that passed every check, with its definition upgraded and parsed. */
export interface CheckedWorkflowFile {
  file: TWorkflowFile;
  definition: TWorkflowDefinition;
}

export interface WorkflowIssue {
  /** In words: `node "answer" (template), config.template`, `edge 2 ("a" → "b")`, `chat prompt 1`. */
  where: string;
  /** The same place as a path into the file, for tools: `definition.nodes.0.config.template`. */
  path: string;
  message: string;
}

export type FileCheck = { ok: true; value: CheckedWorkflowFile } | { ok: false; issues: WorkflowIssue[] };

/** Checks parsed JSON as a workflow file: the envelope, then the definition with every graph rule. */
export function checkWorkflowFile(raw: unknown): FileCheck {
  const envelope = ZWorkflowFile.safeParse(raw);
  if (!envelope.success) {
    return { ok: false, issues: envelope.error.issues.map((i) => fileIssue(i.path, i.message, raw)) };
  }
  const definition = checkDefinition(envelope.data.definition);
  if (!definition.ok) {
    return {
      ok: false,
      issues: definition.issues.map((i) => ({ ...i, path: i.path ? `definition.${i.path}` : 'definition' })),
    };
  }
  return { ok: true, value: { file: envelope.data, definition: definition.value } };
}

/** Checks a definition alone (the MCP `validate_workflow` tool), with issues in words. */
export function checkDefinition(
  raw: unknown,
): { ok: true; value: TWorkflowDefinition } | { ok: false; issues: WorkflowIssue[] } {
  const result = safeParseDefinition(raw);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, issues: result.error.issues.map((i) => definitionIssue(i.path, i.message, raw)) };
}

function fileIssue(path: PropertyKey[], message: string, raw: unknown): WorkflowIssue {
  const [head, ...rest] = path;
  const where =
    head === undefined
      ? 'the file'
      : head === 'definition'
        ? definitionIssue(rest, message, (raw as { definition?: unknown })?.definition).where
        : `"${String(head)}"`;
  return { where, path: path.map(String).join('.'), message };
}

/** `["nodes", 2, "config", "template"]` → `node "answer" (template), config.template`. */
function definitionIssue(path: PropertyKey[], message: string, raw: unknown): WorkflowIssue {
  const def = (raw && typeof raw === 'object' ? raw : {}) as { nodes?: unknown; edges?: unknown };
  const [head, index, ...rest] = path;
  const field = (parts: PropertyKey[]) => (parts.length > 0 ? `, ${parts.map(String).join('.')}` : '');
  let where: string;
  if (head === 'nodes' && typeof index === 'number') {
    const node = (Array.isArray(def.nodes) ? def.nodes[index] : undefined) as { id?: unknown; type?: unknown };
    const id = typeof node?.id === 'string' && node.id ? `"${node.id}"` : `#${index + 1}`;
    const type = typeof node?.type === 'string' ? ` (${node.type})` : '';
    where = `node ${id}${type}${field(rest)}`;
  } else if (head === 'edges' && typeof index === 'number') {
    const edge = (Array.isArray(def.edges) ? def.edges[index] : undefined) as { source?: unknown; target?: unknown };
    const ends =
      typeof edge?.source === 'string' && typeof edge?.target === 'string'
        ? ` ("${edge.source}" → "${edge.target}")`
        : '';
    where = `edge ${index + 1}${ends}${field(rest)}`;
  } else if (head === 'chat') {
    where =
      index === 'prompts' && typeof rest[0] === 'number'
        ? `chat prompt ${rest[0] + 1}${field(rest.slice(1))}`
        : `chat ${
            [index, ...rest]
              .filter((p) => p !== undefined)
              .map(String)
              .join('.') || 'settings'
          }`.trim();
  } else if (head === 'v') {
    where = 'definition version ("v")';
  } else if (head === undefined) {
    where = 'the definition';
  } else {
    where = `the definition's "${String(head)}"${field(index === undefined ? [] : [index, ...rest])}`;
  }
  return { where, path: path.map(String).join('.'), message };
}

/** The file `wfchat workflow export` prints: what `push` needs, in a stable key order. */
export function fileFromWorkflow(w: TWorkflow, definition: Record<string, unknown> = w.definition): TWorkflowFile {
  return { key: w.id, version: w.version, name: w.name, description: w.description, definition };
}

export function serializeWorkflowFile(file: TWorkflowFile): string {
  const ordered: TWorkflowFile = {
    ...(file.key !== undefined ? { key: file.key } : {}),
    ...(file.version !== undefined ? { version: file.version } : {}),
    name: file.name,
    ...(file.description !== undefined ? { description: file.description } : {}),
    definition: file.definition,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

// ---------------------------------------------------------------------------
// What a push changes
// ---------------------------------------------------------------------------

export interface WorkflowDiff {
  name?: { from: string; to: string };
  description: boolean;
  nodes: { added: string[]; removed: string[]; changed: string[] };
  edges: { added: string[]; removed: string[] };
  /** Chat settings that differ: `greeting`, `prompts`. */
  chat: string[];
}

/** Key-order-independent JSON, so `{a, b}` and `{b, a}` compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

const edgeName = (e: TWorkflowDefinition['edges'][number]) =>
  `${e.source} → ${e.target}${e.when ? ` (${e.when})` : ''}`;

/** What changes when `to` replaces `from`; both already parsed, so defaults do not count as changes. */
export function diffWorkflows(
  from: { name: string; description: string; definition: TWorkflowDefinition },
  to: { name: string; description: string; definition: TWorkflowDefinition },
): WorkflowDiff {
  const before = new Map(from.definition.nodes.map((n) => [n.id, canonical(n)]));
  const after = new Map(to.definition.nodes.map((n) => [n.id, canonical(n)]));
  const edgesBefore = new Set(from.definition.edges.map(edgeName));
  const edgesAfter = new Set(to.definition.edges.map(edgeName));
  return {
    ...(from.name !== to.name ? { name: { from: from.name, to: to.name } } : {}),
    description: from.description !== to.description,
    nodes: {
      added: [...after.keys()].filter((id) => !before.has(id)),
      removed: [...before.keys()].filter((id) => !after.has(id)),
      changed: [...after.keys()].filter((id) => before.has(id) && before.get(id) !== after.get(id)),
    },
    edges: {
      added: [...edgesAfter].filter((e) => !edgesBefore.has(e)),
      removed: [...edgesBefore].filter((e) => !edgesAfter.has(e)),
    },
    chat: (['greeting', 'prompts'] as const).filter(
      (k) => canonical(from.definition.chat[k] ?? null) !== canonical(to.definition.chat[k] ?? null),
    ),
  };
}

export function isEmptyDiff(d: WorkflowDiff): boolean {
  return (
    !d.name &&
    !d.description &&
    d.nodes.added.length + d.nodes.removed.length + d.nodes.changed.length === 0 &&
    d.edges.added.length + d.edges.removed.length === 0 &&
    d.chat.length === 0
  );
}

/** Lines for people: `nodes: +1 (greet), -1 (old), ~1 (reply)`. */
export function describeDiff(d: WorkflowDiff): string[] {
  const lines: string[] = [];
  const list = (ids: string[]) => (ids.length > 0 ? ` (${ids.join(', ')})` : '');
  if (d.name) lines.push(`name: "${d.name.from}" → "${d.name.to}"`);
  if (d.description) lines.push('description changed');
  const { added, removed, changed } = d.nodes;
  const nodeParts = [
    added.length > 0 ? `${added.length} added${list(added)}` : '',
    removed.length > 0 ? `${removed.length} removed${list(removed)}` : '',
    changed.length > 0 ? `${changed.length} changed${list(changed)}` : '',
  ].filter(Boolean);
  if (nodeParts.length > 0) lines.push(`nodes: ${nodeParts.join(', ')}`);
  const edgeParts = [
    d.edges.added.length > 0 ? `${d.edges.added.length} added${list(d.edges.added)}` : '',
    d.edges.removed.length > 0 ? `${d.edges.removed.length} removed${list(d.edges.removed)}` : '',
  ].filter(Boolean);
  if (edgeParts.length > 0) lines.push(`edges: ${edgeParts.join(', ')}`);
  if (d.chat.length > 0) lines.push(`chat: ${d.chat.join(' and ')} changed`);
  return lines;
}
