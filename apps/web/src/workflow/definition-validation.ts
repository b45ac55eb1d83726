import { definitionIssues, safeParseDefinition } from '@wfchat/contracts';

export interface DefinitionIssue {
  path: string;
  message: string;
}

export type DefinitionCheck =
  { ok: true; definition: Record<string, unknown> } | { ok: false; issues: DefinitionIssue[] };

/**
 * Validates the editor's text as the server will: JSON first, then the
 * definition schema and graph rules from contracts. The object sent to the
 * server is what the author wrote (the server upgrades and fills defaults).
 */
export function checkDefinitionText(text: string): DefinitionCheck {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, issues: [{ path: '', message: `Not valid JSON: ${(e as Error).message}` }] };
  }
  const result = safeParseDefinition(raw);
  if (!result.success) return { ok: false, issues: definitionIssues(result.error) };
  return { ok: true, definition: raw as Record<string, unknown> };
}

export const formatDefinition = (definition: unknown) => JSON.stringify(definition, null, 2);

/** Words for the fields a step's problems concern, as the side panel labels them. */
const FIELD_LABELS: Record<string, string> = {
  id: 'Id',
  label: 'Name',
  type: 'Type',
  template: 'Template',
  model: 'Model',
  system: 'System prompt',
  temperature: 'Temperature',
  history: 'History',
  url: 'URL',
  method: 'Method',
  body: 'Body',
  timeoutMs: 'Timeout',
  on: 'Test on',
  contains: 'Contains',
  equals: 'Equals',
  matches: 'Matches',
  text: 'Reply text',
  options: 'Buttons',
  config: 'Settings',
  when: 'Branch',
  source: 'Connection',
  target: 'Connection',
};

export interface PlacedIssue {
  /** The side panel field it concerns (`url`, `template`…), or `next` for a connection, or none for the step as a whole. */
  field?: string;
  message: string;
}

export interface PlacedIssues {
  /** Per step id. */
  nodes: Record<string, PlacedIssue[]>;
  /** Problems of the whole definition, in words. */
  general: string[];
}

interface GraphShape {
  nodes?: { id?: unknown }[];
  edges?: { source?: unknown; target?: unknown }[];
}

/** "URL is required", "Timeout must be at least 100 ms", "Settings: a condition needs…". */
function sentence(label: string | undefined, message: string): string {
  if (!label) return message.charAt(0).toUpperCase() + message.slice(1);
  return /^(is|must|refers)\b/.test(message) ? `${label} ${message}` : `${label}: ${message}`;
}

/**
 * Puts each problem on the step and field it concerns, in words: the canvas
 * shows them on the node and under the field, never as `nodes.3.config.url`.
 * A connection's problem belongs to the step it leaves.
 */
export function placeIssues(issues: DefinitionIssue[], definition: GraphShape): PlacedIssues {
  const placed: PlacedIssues = { nodes: {}, general: [] };
  const add = (nodeId: string, issue: PlacedIssue) => (placed.nodes[nodeId] ??= []).push(issue);
  for (const { path, message } of issues) {
    const [head, index, ...rest] = path.split('.');
    const i = Number(index);
    const node = head === 'nodes' && Number.isInteger(i) ? definition.nodes?.[i] : undefined;
    const edge = head === 'edges' && Number.isInteger(i) ? definition.edges?.[i] : undefined;
    if (node && typeof node.id === 'string') {
      // config.<field>[.<more>]: the field is what the panel shows; deeper parts (inside a JSON body) stay with it.
      const field = rest[0] === 'config' ? rest[1] : rest[0];
      const option = field === 'options' && rest[0] === 'config' && rest[2] !== undefined ? Number(rest[2]) : NaN;
      const label = Number.isInteger(option)
        ? `Button ${option + 1}${rest[3] === 'value' ? ' value' : ''}`
        : field
          ? (FIELD_LABELS[field] ?? field)
          : undefined;
      add(node.id, { ...(field && field !== 'config' ? { field } : {}), message: sentence(label, message) });
    } else if (edge && typeof edge.source === 'string') {
      // The graph has no "when" field: it has a true and a false dot.
      const words =
        rest[0] === 'when' && message.includes('need "when"')
          ? `A connection to "${String(edge.target)}" is neither the true nor the false branch: reconnect it from the true or the false dot.`
          : sentence(undefined, message);
      add(edge.source, { field: 'next', message: words });
    } else if (head === 'chat') {
      placed.general.push(sentence('Chat settings', message));
    } else {
      placed.general.push(sentence(undefined, message));
    }
  }
  return placed;
}
