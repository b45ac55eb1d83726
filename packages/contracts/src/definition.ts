import { z } from 'zod';

/**
 * Workflow definitions: the versioned JSON an author builds in Canvas and the
 * runtime executes. Stored JSON always carries `v`; older versions are upgraded
 * on read by a chain of small `up()` steps (see `upgradeDefinition`), so the
 * rest of the code only ever sees the current version.
 */

export const CURRENT_DEFINITION_VERSION = 1 as const;

/** Limits that keep one definition small enough to validate and run cheaply. */
export const DEFINITION_LIMITS = {
  nodes: 200,
  edges: 500,
  text: 20_000,
  prompts: 8,
  title: 100,
  placeholder: 200,
  disclaimer: 500,
  /** Buttons of one `choices` step. */
  choices: 8,
  choiceLabel: 80,
  choiceValue: 500,
} as const;

// Ids appear inside `{{nodes.<id>.output}}`, so they stay in a template-safe alphabet.
const ZNodeId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be 1-64 letters, digits, "_" or "-"' });

const text = (max: number = DEFINITION_LIMITS.text) =>
  z.string().max(max, { message: `must be at most ${max} characters` });

// ---------------------------------------------------------------------------
// Node configs (one strict object per node type: unknown fields are refused)
// ---------------------------------------------------------------------------

export const ZTemplateConfig = z.strictObject({ template: text() });

export const ZLlmConfig = z.strictObject({
  model: z.string().min(1).max(200).optional(),
  system: text().optional(),
  temperature: z.number().min(0).max(2).optional(),
  /** Send the thread's earlier messages along with the prompt. */
  history: z.boolean().optional(),
});

export const HTTP_STEP_MAX_TIMEOUT_MS = 30_000;

export const ZHttpConfig = z.strictObject({
  /** http(s) URL; may contain placeholders, whose values are URL-encoded when rendered. */
  url: text(2_000).min(1, { message: 'is required' }),
  method: z.enum(['GET', 'POST'], { message: 'must be GET or POST' }).optional(),
  /** JSON sent with POST; placeholders are rendered inside every string it contains. */
  body: z.json().optional(),
  timeoutMs: z
    .number()
    .int()
    .min(100, { message: 'must be at least 100 ms' })
    .max(HTTP_STEP_MAX_TIMEOUT_MS, { message: `must be at most ${HTTP_STEP_MAX_TIMEOUT_MS} ms` })
    .optional(),
});

/**
 * A test on `on` (the input, or an earlier node's output; by default the
 * predecessor's output, or the input for a start node). All three tests ignore
 * case, because visitors type freely; `equals` also ignores surrounding spaces.
 * `matches` is RE2 syntax (linear-time matching: no back-references or
 * look-around); whether the engine accepts a pattern is checked by the server
 * on save (see `DefinitionChecks`), so that this package stays engine-free.
 */
export const ZConditionConfig = z.strictObject({
  on: z.union([z.literal('input'), ZNodeId]).optional(),
  contains: text(1_000).optional(),
  equals: text(1_000).optional(),
  /** An RE2 regular expression, tested case-insensitively anywhere in the text. */
  matches: text(1_000).optional(),
});

export const ZReplyConfig = z.strictObject({
  /** What the visitor sees; by default the predecessor's output. */
  text: text().optional(),
});

/** One button of a `choices` step: `value` (by default the label) becomes the next turn's `{{input}}`. */
export const ZChoiceOption = z.strictObject({
  label: z
    .string()
    .trim()
    .min(1, { message: 'is required' })
    .max(DEFINITION_LIMITS.choiceLabel, { message: `must be at most ${DEFINITION_LIMITS.choiceLabel} characters` }),
  value: text(DEFINITION_LIMITS.choiceValue).min(1, { message: 'must not be empty' }).optional(),
});

/**
 * Shows `text` (Markdown; by default the predecessor's output) with one button
 * per option, and ends the turn like a reply. The visitor's click starts the
 * next turn at this node: its output, and `{{input}}`, are the chosen value,
 * and the nodes after it run.
 */
export const ZChoicesConfig = z.strictObject({
  text: text().optional(),
  options: z
    .array(ZChoiceOption)
    .min(1, { message: 'needs at least one option' })
    .max(DEFINITION_LIMITS.choices, { message: `at most ${DEFINITION_LIMITS.choices} options` }),
});

// Canvas-only fields shared by every node; the runtime ignores them.
const nodeBase = {
  id: ZNodeId,
  label: z.string().max(200).optional(),
  position: z.strictObject({ x: z.number(), y: z.number() }).optional(),
};

export const ZTemplateNode = z.strictObject({ ...nodeBase, type: z.literal('template'), config: ZTemplateConfig });
export const ZLlmNode = z.strictObject({ ...nodeBase, type: z.literal('llm'), config: ZLlmConfig.default({}) });
export const ZHttpNode = z.strictObject({ ...nodeBase, type: z.literal('http'), config: ZHttpConfig });
export const ZConditionNode = z.strictObject({ ...nodeBase, type: z.literal('condition'), config: ZConditionConfig });
export const ZReplyNode = z.strictObject({ ...nodeBase, type: z.literal('reply'), config: ZReplyConfig.default({}) });
export const ZChoicesNode = z.strictObject({ ...nodeBase, type: z.literal('choices'), config: ZChoicesConfig });

export const NODE_TYPES = ['template', 'llm', 'http', 'condition', 'reply', 'choices'] as const;
export type TNodeType = (typeof NODE_TYPES)[number];

export const ZWorkflowNode = z.discriminatedUnion(
  'type',
  [ZTemplateNode, ZLlmNode, ZHttpNode, ZConditionNode, ZReplyNode, ZChoicesNode],
  {
    error: (issue) =>
      issue.code === 'invalid_union' ? `unknown node type; expected one of: ${NODE_TYPES.join(', ')}` : undefined,
  },
);

export const ZWorkflowEdge = z.strictObject({
  source: ZNodeId,
  target: ZNodeId,
  /** Only on edges leaving a `condition`: which outcome takes this edge. */
  when: z.enum(['true', 'false'], { message: 'must be "true" or "false"' }).optional(),
});

export const ZChatPrompt = z.strictObject({
  label: z.string().min(1).max(100),
  prompt: z.string().min(1).max(2_000),
});

export const CHAT_COLOR_SCHEMES = ['light', 'dark', 'system'] as const;
export const CHAT_RADII = ['none', 'small', 'medium', 'large'] as const;
export const CHAT_DENSITIES = ['compact', 'normal', 'spacious'] as const;

/**
 * `#rgb` or `#rrggbb` only: the value ends up in a CSS custom property of the
 * chat element (and in OpenAI's hosted one), so nothing that could carry a
 * `url()` or close the declaration may pass.
 */
export const HEX_COLOR_PATTERN = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** The chat's look. Product names; `packages/chatkit` maps them onto ChatKit's `theme` option. */
export const ZChatTheme = z.strictObject({
  /** `system` follows the visitor's device setting (prefers-color-scheme). */
  colorScheme: z.enum(CHAT_COLOR_SCHEMES, { message: 'must be "light", "dark" or "system"' }).optional(),
  accentColor: z.string().regex(HEX_COLOR_PATTERN, { message: 'must be a hex color such as #2563eb' }).optional(),
  radius: z.enum(CHAT_RADII, { message: 'must be "none", "small", "medium" or "large"' }).optional(),
  density: z.enum(CHAT_DENSITIES, { message: 'must be "compact", "normal" or "spacious"' }).optional(),
});

/** Attachment MIME types an author may allow; `image/*` stands for the four image types. */
export const ATTACHMENT_ACCEPT = ['image/*', 'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'] as const;

/**
 * Whether visitors may attach files, and which. Off unless `enabled`; `accept`
 * and `maxSizeMb` can only narrow what the server allows (its config).
 */
export const ZChatAttachments = z.strictObject({
  enabled: z.boolean().optional(),
  accept: z
    .array(z.enum(ATTACHMENT_ACCEPT, { message: `one of ${ATTACHMENT_ACCEPT.join(', ')}` }))
    .min(1)
    .max(ATTACHMENT_ACCEPT.length)
    .optional(),
  maxSizeMb: z.number().positive().max(1_000).optional(),
});
export type TChatAttachments = z.infer<typeof ZChatAttachments>;

/**
 * What visitors see around the conversation. Every field is optional so that
 * definitions saved before a field existed stay valid; empty strings mean
 * "use the default" (the workflow's name for `title`).
 */
export const ZChatSettings = z.strictObject({
  /** The chat header; by default the workflow's name. */
  title: text(DEFINITION_LIMITS.title).optional(),
  greeting: z.string().max(2_000).optional(),
  prompts: z.array(ZChatPrompt).max(DEFINITION_LIMITS.prompts).optional(),
  /** The composer's placeholder, e.g. "Ask about your order…". */
  placeholder: text(DEFINITION_LIMITS.placeholder).optional(),
  /** One line under the composer, e.g. "Answers may be wrong; check important facts." */
  disclaimer: text(DEFINITION_LIMITS.disclaimer).optional(),
  theme: ZChatTheme.optional(),
  /** BCP 47 language tag (`fr`, `de-DE`) for the chat's built-in labels; unset, the visitor's browser decides. */
  locale: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/, { message: 'a language tag such as "fr" or "de-DE"' }).optional(),
  /** Visitors may attach files; off by default. */
  attachments: ZChatAttachments.optional(),
});

/**
 * Canvas-only state of the graph editor (the runtime ignores it). Optional and
 * additive, so definitions saved before it existed stay v1.
 */
export const ZDefinitionUi = z.strictObject({
  /** Where the editor's canvas was panned and zoomed when last saved. */
  viewport: z
    .strictObject({
      x: z.number(),
      y: z.number(),
      zoom: z.number().positive().max(10, { message: 'must be at most 10' }),
    })
    .optional(),
});

/** The v1 shape alone, without the graph rules (exported for editors that validate as you type). */
export const ZWorkflowDefinitionShape = z.strictObject({
  v: z.literal(CURRENT_DEFINITION_VERSION),
  chat: ZChatSettings.default({}),
  ui: ZDefinitionUi.optional(),
  nodes: z.array(ZWorkflowNode).max(DEFINITION_LIMITS.nodes, { message: `at most ${DEFINITION_LIMITS.nodes} nodes` }),
  edges: z.array(ZWorkflowEdge).max(DEFINITION_LIMITS.edges, { message: `at most ${DEFINITION_LIMITS.edges} edges` }),
});

export type TWorkflowDefinition = z.infer<typeof ZWorkflowDefinitionShape>;
export type TWorkflowDefinitionInput = z.input<typeof ZWorkflowDefinitionShape>;
export type TWorkflowNode = z.infer<typeof ZWorkflowNode>;
export type TWorkflowEdge = z.infer<typeof ZWorkflowEdge>;
export type TTemplateNode = z.infer<typeof ZTemplateNode>;
export type TLlmNode = z.infer<typeof ZLlmNode>;
export type THttpNode = z.infer<typeof ZHttpNode>;
export type TConditionNode = z.infer<typeof ZConditionNode>;
export type TReplyNode = z.infer<typeof ZReplyNode>;
export type TChoicesNode = z.infer<typeof ZChoicesNode>;
export type TChoiceOption = z.infer<typeof ZChoiceOption>;

/** The value a choice sends: its `value`, or its label. */
export const choiceValue = (option: TChoiceOption): string => option.value ?? option.label;
export type TChatSettings = z.infer<typeof ZChatSettings>;
export type TChatTheme = z.infer<typeof ZChatTheme>;
export type TDefinitionUi = z.infer<typeof ZDefinitionUi>;

// ---------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------

/**
 * `{{input}}`, `{{attachments}}` or `{{nodes.<id>.output}}`, spaces allowed inside the braces.
 * The braces hold no `{` or `}`, and the spaces are trimmed afterwards rather
 * than matched by the pattern: `\s*` around a lazy group backtracks
 * polynomially on `{{` followed by thousands of spaces. Each `{{` now scans
 * at most to the next brace, so a template is parsed in linear time.
 */
const PLACEHOLDER_PATTERN = /\{\{([^{}]*)\}\}/g;

export type TPlaceholder =
  | { kind: 'input' }
  /** The names of the files attached to the visitor's message, comma-separated. */
  | { kind: 'attachments' }
  | { kind: 'node'; nodeId: string }
  | { kind: 'unknown'; raw: string };

export function parsePlaceholder(inner: string): TPlaceholder {
  if (inner === 'input') return { kind: 'input' };
  if (inner === 'attachments') return { kind: 'attachments' };
  const m = /^nodes\.([A-Za-z0-9_-]{1,64})\.output$/.exec(inner);
  return m ? { kind: 'node', nodeId: m[1]! } : { kind: 'unknown', raw: inner };
}

/** Every placeholder in a template, in order. */
export function placeholdersOf(template: string): TPlaceholder[] {
  return [...template.matchAll(PLACEHOLDER_PATTERN)].map((m) => parsePlaceholder(m[1]!.trim()));
}

/**
 * Replaces every placeholder with what `replace` returns for it (`whole` is the
 * placeholder as written, braces included).
 */
export function replacePlaceholders(template: string, replace: (p: TPlaceholder, whole: string) => string): string {
  return template.replace(PLACEHOLDER_PATTERN, (whole, inner: string) =>
    replace(parsePlaceholder(inner.trim()), whole),
  );
}

/** The templated strings of a node, with their path relative to the node. */
export function templatesOf(node: TWorkflowNode): { path: PropertyKey[]; template: string }[] {
  switch (node.type) {
    case 'template':
      return [{ path: ['config', 'template'], template: node.config.template }];
    case 'reply':
    case 'choices':
      return node.config.text === undefined ? [] : [{ path: ['config', 'text'], template: node.config.text }];
    case 'llm':
      return node.config.system === undefined ? [] : [{ path: ['config', 'system'], template: node.config.system }];
    case 'http':
      return [
        { path: ['config', 'url'], template: node.config.url },
        ...jsonStrings(node.config.body, ['config', 'body']).map(([path, template]) => ({ path, template })),
      ];
    case 'condition':
      return [];
  }
}

function jsonStrings(value: unknown, path: PropertyKey[]): [PropertyKey[], string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => jsonStrings(v, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => jsonStrings(v, [...path, k]));
  }
  return [];
}

// ---------------------------------------------------------------------------
// Graph rules
// ---------------------------------------------------------------------------

type Ctx = z.core.$RefinementCtx<TWorkflowDefinition>;

/** Checks that need more than this package has (the server's pattern engine). */
export interface DefinitionChecks {
  /** Why a `condition.matches` pattern cannot be used, or undefined when it can. */
  patternProblem?: (source: string) => string | undefined;
}

function checkGraph(def: TWorkflowDefinition, ctx: Ctx, checks: DefinitionChecks): void {
  const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });

  const index = new Map<string, number>();
  def.nodes.forEach((node, i) => {
    if (index.has(node.id)) issue(['nodes', i, 'id'], `duplicate node id "${node.id}"`);
    else index.set(node.id, i);
  });

  const out = new Map<string, string[]>();
  const incoming = new Map<string, number>();
  def.edges.forEach((edge, i) => {
    const from = index.get(edge.source);
    const to = index.get(edge.target);
    if (from === undefined) issue(['edges', i, 'source'], `edge source "${edge.source}" is not a node`);
    if (to === undefined) issue(['edges', i, 'target'], `edge target "${edge.target}" is not a node`);
    if (from === undefined || to === undefined) return;
    const sourceType = def.nodes[from]!.type;
    if (sourceType === 'condition' && edge.when === undefined) {
      issue(['edges', i, 'when'], `edges leaving condition "${edge.source}" need "when": "true" or "false"`);
    }
    if (sourceType !== 'condition' && edge.when !== undefined) {
      issue(['edges', i, 'when'], `only edges leaving a condition carry "when"; "${edge.source}" is a ${sourceType}`);
    }
    if (sourceType === 'reply')
      issue(['edges', i, 'source'], `a reply ends the turn; "${edge.source}" cannot lead anywhere`);
    out.set(edge.source, [...(out.get(edge.source) ?? []), edge.target]);
    incoming.set(edge.target, (incoming.get(edge.target) ?? 0) + 1);
  });

  const cycleEdge = findCycleEdge(def, index);
  if (cycleEdge !== undefined) {
    const e = def.edges[cycleEdge]!;
    issue(['edges', cycleEdge], `edge "${e.source}" → "${e.target}" closes a cycle; workflows must not loop`);
  }

  const starts = def.nodes.filter((n) => !incoming.has(n.id)).map((n) => n.id);
  const reachable = new Set<string>();
  const stack = [...starts];
  while (stack.length) {
    const id = stack.pop()!;
    if (reachable.has(id)) continue;
    reachable.add(id);
    stack.push(...(out.get(id) ?? []));
  }
  if (!def.nodes.some((n) => n.type === 'reply' && reachable.has(n.id))) {
    issue(['nodes'], 'no reply node is reachable from the start nodes (nodes with no incoming edge)');
  }

  const ancestors = ancestorsOf(def, index);
  const choices = def.nodes.filter((n) => n.type === 'choices').map((n) => n.id);
  def.nodes.forEach((node, i) => {
    for (const { path, template } of templatesOf(node)) {
      for (const p of placeholdersOf(template)) {
        if (p.kind === 'unknown') {
          issue(['nodes', i, ...path], `unknown placeholder {{${p.raw}}}; use {{input}}, {{attachments}} or {{nodes.<id>.output}}`);
        } else if (p.kind === 'node') {
          checkReference(p.nodeId, node.id, ['nodes', i, ...path]);
        }
      }
    }
    if (node.type === 'choices') {
      const seen = new Set<string>();
      node.config.options.forEach((option, o) => {
        const value = choiceValue(option);
        if (seen.has(value)) issue(['nodes', i, 'config', 'options', o], `two options send the same value "${value}"; give each its own value`);
        seen.add(value);
      });
      if (!out.has(node.id)) {
        issue(['nodes', i], `choices "${node.id}" needs an edge to the step that runs after a visitor's click`);
      }
    }
    if (node.type === 'condition') {
      const tests = (['contains', 'equals', 'matches'] as const).filter((k) => node.config[k] !== undefined);
      if (tests.length !== 1) {
        issue(['nodes', i, 'config'], 'a condition needs exactly one of "contains", "equals" or "matches"');
      }
      const problem = node.config.matches === undefined ? undefined : checks.patternProblem?.(node.config.matches);
      if (problem !== undefined) issue(['nodes', i, 'config', 'matches'], problem);
      if (node.config.on !== undefined && node.config.on !== 'input') {
        checkReference(node.config.on, node.id, ['nodes', i, 'config', 'on']);
      }
    }
  });

  function checkReference(refId: string, nodeId: string, path: PropertyKey[]) {
    if (!index.has(refId)) issue(path, `refers to unknown node "${refId}"`);
    else if (cycleEdge === undefined && !ancestors.get(nodeId)?.has(refId)) {
      issue(path, `refers to node "${refId}", which does not run before "${nodeId}"`);
    } else if (cycleEdge === undefined) {
      // After a click the turn starts at the choices node: what ran before it was another turn.
      const choice = choices.find(
        (c) => c !== refId && ancestors.get(nodeId)?.has(c) && !ancestors.get(refId)?.has(c),
      );
      if (choice !== undefined) {
        issue(
          path,
          `refers to node "${refId}", which ran before the visitor's choice in "${choice}"; after a choice use {{input}} or {{nodes.${choice}.output}} (the chosen value) or later nodes`,
        );
      }
    }
  }
}

/** Index of an edge that closes a cycle (iterative DFS), or undefined. */
function findCycleEdge(def: TWorkflowDefinition, index: Map<string, number>): number | undefined {
  const outEdges = new Map<string, number[]>();
  def.edges.forEach((e, i) => {
    if (index.has(e.source) && index.has(e.target)) outEdges.set(e.source, [...(outEdges.get(e.source) ?? []), i]);
  });
  const state = new Map<string, 'open' | 'done'>();
  for (const root of index.keys()) {
    if (state.has(root)) continue;
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
    state.set(root, 'open');
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const edges = outEdges.get(top.id) ?? [];
      if (top.next >= edges.length) {
        state.set(top.id, 'done');
        stack.pop();
        continue;
      }
      const edgeIndex = edges[top.next++]!;
      const target = def.edges[edgeIndex]!.target;
      const s = state.get(target);
      if (s === 'open') return edgeIndex;
      if (s === undefined) {
        state.set(target, 'open');
        stack.push({ id: target, next: 0 });
      }
    }
  }
  return undefined;
}

/** For each node, the ids of the nodes that can run before it (only meaningful without cycles). */
function ancestorsOf(def: TWorkflowDefinition, index: Map<string, number>): Map<string, Set<string>> {
  const preds = new Map<string, string[]>();
  for (const e of def.edges) {
    if (index.has(e.source) && index.has(e.target)) preds.set(e.target, [...(preds.get(e.target) ?? []), e.source]);
  }
  const result = new Map<string, Set<string>>();
  for (const id of index.keys()) {
    const seen = new Set<string>();
    const stack = [...(preds.get(id) ?? [])];
    while (stack.length) {
      const p = stack.pop()!;
      if (seen.has(p)) continue;
      seen.add(p);
      stack.push(...(preds.get(p) ?? []));
    }
    result.set(id, seen);
  }
  return result;
}

/** A v1 definition with every graph rule checked. */
/** The definition schema with the graph rules, plus `checks` the caller can run. */
export const definitionSchema = (checks: DefinitionChecks = {}) =>
  ZWorkflowDefinitionShape.superRefine((def, ctx) => checkGraph(def, ctx, checks));

export const ZWorkflowDefinition = definitionSchema();

// ---------------------------------------------------------------------------
// Versions: upgrade on read
// ---------------------------------------------------------------------------

/**
 * v0 is the shape stored before definitions were versioned (it has no `v`):
 * a linear list of steps run in order, with the chat settings at the top.
 *
 *   { "greeting"?: string, "prompts"?: [...], "steps": [{ "id"?, "type", ...config }] }
 *
 * We picked the linear form because it is what a first prototype stores and it
 * maps onto v1 without guessing: each step becomes a node whose config is the
 * step minus `id`/`type`, consecutive steps are joined by edges, and a `reply`
 * is appended when the last step is not one. Conditions did not exist in v0.
 */
const ZDefinitionV0 = z.looseObject({
  greeting: z.string().optional(),
  prompts: z.array(z.unknown()).optional(),
  steps: z.array(z.looseObject({ id: z.string().optional(), type: z.string() })),
});

function upFromV0(raw: unknown): unknown {
  const v0 = ZDefinitionV0.parse(raw);
  const nodes = v0.steps.map((step, i) => {
    const { id, type, ...config } = step;
    return { id: id ?? `step${i + 1}`, type, config };
  });
  if (nodes.at(-1)?.type !== 'reply') {
    let id = 'reply';
    while (nodes.some((n) => n.id === id)) id = `_${id}`;
    nodes.push({ id, type: 'reply', config: {} });
  }
  const edges = nodes.slice(1).map((n, i) => ({ source: nodes[i]!.id, target: n.id }));
  const chat: Record<string, unknown> = {};
  if (v0.greeting !== undefined) chat.greeting = v0.greeting;
  if (v0.prompts !== undefined) chat.prompts = v0.prompts;
  return { v: 1, chat, nodes, edges };
}

/** `up[n]` turns a version-n definition into version n+1. Add one small step per version. */
const up: Record<number, (raw: unknown) => unknown> = {
  0: upFromV0,
};

function versionError(message: string, input: unknown): z.ZodError {
  return new z.ZodError([{ code: 'custom', path: ['v'], message, input }]);
}

/**
 * Brings stored JSON up to the current version without validating the result
 * (parseDefinition does that). Throws a ZodError for a missing/odd `v` or a `v`
 * newer than this server understands.
 */
export function upgradeDefinition(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new z.ZodError([
      { code: 'custom', path: [], message: 'a workflow definition must be a JSON object', input: raw },
    ]);
  }
  const declared = (raw as { v?: unknown }).v;
  let version: number;
  if (declared === undefined) version = 0;
  else if (typeof declared === 'number' && Number.isInteger(declared) && declared >= 0) version = declared;
  else throw versionError('must be a non-negative integer', declared);

  if (version > CURRENT_DEFINITION_VERSION) {
    throw versionError(
      `definition version ${version} is newer than this server supports (${CURRENT_DEFINITION_VERSION}); upgrade the server`,
      declared,
    );
  }
  let current: unknown = raw;
  while (version < CURRENT_DEFINITION_VERSION) {
    const step = up[version];
    if (!step) throw versionError(`no upgrade from definition version ${version}`, declared);
    current = step(current);
    version += 1;
  }
  return current;
}

/** Upgrade, then validate. Returns the typed definition or throws a ZodError with paths. */
export function parseDefinition(raw: unknown): TWorkflowDefinition {
  return ZWorkflowDefinition.parse(upgradeDefinition(raw));
}

/** Like parseDefinition, without throwing. */
export function safeParseDefinition(
  raw: unknown,
  checks?: DefinitionChecks,
): { success: true; data: TWorkflowDefinition } | { success: false; error: z.ZodError } {
  let upgraded: unknown;
  try {
    upgraded = upgradeDefinition(raw);
  } catch (e) {
    if (e instanceof z.ZodError) return { success: false, error: e };
    throw e;
  }
  const result = (checks ? definitionSchema(checks) : ZWorkflowDefinition).safeParse(upgraded);
  return result.success ? { success: true, data: result.data } : { success: false, error: result.error };
}

/** `[{path: "edges.1.target", message}]`, the shape of `issues` in error bodies. */
export function definitionIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

// ---------------------------------------------------------------------------
// Ready-made definitions
// ---------------------------------------------------------------------------

/** What a new workflow starts with: it answers at once, without any LLM. */
export function defaultDefinition(): TWorkflowDefinition {
  return {
    v: 1,
    chat: {
      greeting: 'Hi! This workflow is new. Say something and it will answer.',
      prompts: [{ label: 'Say hello', prompt: 'Hello!' }],
    },
    nodes: [
      {
        id: 'answer',
        type: 'template',
        config: { template: 'You said: "{{input}}". Edit this workflow in Canvas to change what I answer.' },
      },
      { id: 'reply', type: 'reply', config: {} },
    ],
    edges: [{ source: 'answer', target: 'reply' }],
  };
}

/**
 * The seeded demo: a small FAQ router (pricing / opening hours / anything else).
 * With an LLM configured the "anything else" branch asks the model; without
 * one it answers from a template, so the demo works fully offline.
 */
export function demoDefinition(options: { withLlm: boolean }): TWorkflowDefinition {
  const fallback: TWorkflowNode = options.withLlm
    ? {
        id: 'ask_llm',
        type: 'llm',
        config: {
          system:
            'You are the friendly assistant of Acme Widgets. Pricing: Starter 9 EUR/month, Team 29 EUR/month. ' +
            'Support hours: Monday to Friday, 9:00-17:00 CET. Answer briefly.',
          history: true,
        },
      }
    : {
        id: 'fallback',
        type: 'template',
        config: {
          template:
            'I can answer questions about pricing and opening hours. You asked: "{{input}}". Try "How much is it?".',
        },
      };
  return {
    v: 1,
    chat: {
      greeting: 'Hi! I am the Acme Widgets assistant. Ask me about pricing or opening hours.',
      prompts: [
        { label: 'Pricing', prompt: 'How much is it?' },
        { label: 'Opening hours', prompt: 'When are you open?' },
      ],
    },
    nodes: [
      {
        id: 'is_pricing',
        type: 'condition',
        config: { on: 'input', matches: '\\b(price|pricing|cost|costs|how much|plan|plans)\\b' },
      },
      {
        id: 'pricing',
        type: 'template',
        config: {
          template: 'Starter is 9 EUR per month and Team is 29 EUR per month. Both come with a 14-day free trial.',
        },
      },
      {
        id: 'is_hours',
        type: 'condition',
        config: { on: 'input', matches: '\\b(hours?|open|opening|close|closed|when)\\b' },
      },
      {
        id: 'hours',
        type: 'template',
        config: { template: 'We are open Monday to Friday, 9:00 to 17:00 CET.' },
      },
      fallback,
      { id: 'reply', type: 'reply', config: {} },
    ],
    edges: [
      { source: 'is_pricing', target: 'pricing', when: 'true' },
      { source: 'is_pricing', target: 'is_hours', when: 'false' },
      { source: 'is_hours', target: 'hours', when: 'true' },
      { source: 'is_hours', target: fallback.id, when: 'false' },
      { source: 'pricing', target: 'reply' },
      { source: 'hours', target: 'reply' },
      { source: fallback.id, target: 'reply' },
    ],
  };
}
