import {
  NODE_TYPES,
  type TDefinitionUi,
  type TNodeType,
  type TWorkflowEdge,
  replacePlaceholders,
  upgradeDefinition,
} from '@wfchat/contracts';
import { formatDefinition } from '../definition-validation.js';

/**
 * The graph editor's state rules, kept free of React so that they are tested
 * on their own. The graph works on the definition as the author wrote it (not
 * the parsed, default-filled one), so an invalid draft can still be drawn and
 * fixed on the canvas, and the JSON view shows exactly what the canvas holds.
 */

export interface XY {
  x: number;
  y: number;
}

export interface EditableNode {
  id: string;
  type: TNodeType;
  label?: string;
  position?: XY;
  config: Record<string, unknown>;
}

export type EditableEdge = TWorkflowEdge;

export interface EditableDefinition {
  v: 1;
  chat?: unknown;
  ui?: TDefinitionUi;
  nodes: EditableNode[];
  edges: EditableEdge[];
  [key: string]: unknown;
}

export type GraphRead = { ok: true; definition: EditableDefinition } | { ok: false; message: string };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Reads the JSON text into something the canvas can draw: nodes with an id and
 * a known type, edges with a source and a target. Anything else (bad JSON, a
 * node without an id) is for the JSON view to fix, so it says what to do there.
 */
export function readGraph(text: string): GraphRead {
  let raw: unknown;
  try {
    raw = upgradeDefinition(JSON.parse(text));
  } catch {
    return { ok: false, message: 'The JSON cannot be read. Fix it in the JSON tab to see the graph again.' };
  }
  if (!isObject(raw) || !Array.isArray(raw.nodes) || !Array.isArray(raw.edges)) {
    return { ok: false, message: 'The definition needs "nodes" and "edges" lists. Add them in the JSON tab.' };
  }
  for (const node of raw.nodes) {
    if (!isObject(node) || typeof node.id !== 'string' || !NODE_TYPES.includes(node.type as TNodeType)) {
      return {
        ok: false,
        message: `Every step needs an id and a type (${NODE_TYPES.join(', ')}). Fix it in the JSON tab.`,
      };
    }
  }
  for (const edge of raw.edges) {
    if (!isObject(edge) || typeof edge.source !== 'string' || typeof edge.target !== 'string') {
      return { ok: false, message: 'Every connection needs a "source" and a "target". Fix it in the JSON tab.' };
    }
  }
  const nodes = (raw.nodes as Record<string, unknown>[]).map(
    (n) => ({ ...n, config: isObject(n.config) ? n.config : {} }) as EditableNode,
  );
  return { ok: true, definition: { ...(raw as EditableDefinition), nodes } };
}

export const writeGraph = (definition: EditableDefinition): string => formatDefinition(definition);

// ---------------------------------------------------------------------------
// Editing
// ---------------------------------------------------------------------------

/** What a new step of each type starts with: valid where it can be, so the author sees what to fill in. */
export function defaultConfig(type: TNodeType): Record<string, unknown> {
  switch (type) {
    case 'template':
      return { template: 'You said: {{input}}' };
    case 'llm':
      return {};
    case 'http':
      return { url: '', method: 'GET' };
    case 'condition':
      return { on: 'input', contains: '' };
    case 'reply':
      return {};
    case 'choices':
      return { text: 'Which one?', options: [{ label: 'Yes' }, { label: 'No' }] };
  }
}

export function uniqueId(definition: EditableDefinition, base: string): string {
  const taken = new Set(definition.nodes.map((n) => n.id));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

export function addNode(
  definition: EditableDefinition,
  type: TNodeType,
  position: XY,
): { definition: EditableDefinition; id: string } {
  const id = uniqueId(definition, type);
  const node: EditableNode = { id, type, position: roundXY(position), config: defaultConfig(type) };
  return { definition: { ...definition, nodes: [...definition.nodes, node] }, id };
}

export function updateNode(
  definition: EditableDefinition,
  id: string,
  patch: { label?: string; config?: Record<string, unknown> },
): EditableDefinition {
  return {
    ...definition,
    nodes: definition.nodes.map((n) => {
      if (n.id !== id) return n;
      const next: EditableNode = { ...n, ...patch };
      if (next.label === '') delete next.label;
      if (patch.config) next.config = withoutUndefined(patch.config);
      return next;
    }),
  };
}

export const edgeKey = (e: EditableEdge) => `${e.source}->${e.target}${e.when ? `:${e.when}` : ''}`;

/**
 * Adds a connection. A condition has one way out per outcome, so a new `true`
 * (or `false`) edge replaces the old one; loops onto the same step and exact
 * duplicates are refused (returned unchanged).
 */
export function connect(definition: EditableDefinition, edge: EditableEdge): EditableDefinition {
  if (edge.source === edge.target) return definition;
  const source = definition.nodes.find((n) => n.id === edge.source);
  if (!source || !definition.nodes.some((n) => n.id === edge.target)) return definition;
  const clean: EditableEdge =
    source.type === 'condition'
      ? { source: edge.source, target: edge.target, when: edge.when ?? 'true' }
      : { source: edge.source, target: edge.target };
  if (definition.edges.some((e) => edgeKey(e) === edgeKey(clean))) return definition;
  const kept =
    source.type === 'condition'
      ? definition.edges.filter((e) => !(e.source === clean.source && e.when === clean.when))
      : definition.edges;
  return { ...definition, edges: [...kept, clean] };
}

/**
 * Sets where a step goes next (the side panel's "Next step" choice): replaces
 * the step's edges for that outcome; an empty target removes them.
 */
export function setNext(
  definition: EditableDefinition,
  source: string,
  when: 'true' | 'false' | undefined,
  target: string,
): EditableDefinition {
  const edges = definition.edges.filter((e) => !(e.source === source && e.when === when));
  const without = { ...definition, edges };
  return target ? connect(without, { source, target, ...(when ? { when } : {}) }) : without;
}

export function removeElements(
  definition: EditableDefinition,
  nodeIds: Iterable<string>,
  edgeKeys: Iterable<string> = [],
): EditableDefinition {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeKeys);
  return {
    ...definition,
    nodes: definition.nodes.filter((n) => !nodes.has(n.id)),
    edges: definition.edges.filter((e) => !nodes.has(e.source) && !nodes.has(e.target) && !edges.has(edgeKey(e))),
  };
}

export function moveNodes(definition: EditableDefinition, positions: Record<string, XY>): EditableDefinition {
  return {
    ...definition,
    nodes: definition.nodes.map((n) => (positions[n.id] ? { ...n, position: roundXY(positions[n.id]!) } : n)),
  };
}

export function setViewport(definition: EditableDefinition, viewport: { x: number; y: number; zoom: number }) {
  const rounded = { ...roundXY(viewport), zoom: Math.round(viewport.zoom * 1000) / 1000 };
  const current = definition.ui?.viewport;
  if (current && current.x === rounded.x && current.y === rounded.y && current.zoom === rounded.zoom) return definition;
  return { ...definition, ui: { ...definition.ui, viewport: rounded } };
}

/** Ids of the steps that can run before `id` (what its templates may refer to), nearest first. */
export function earlierSteps(definition: EditableDefinition, id: string): string[] {
  const seen = new Set<string>();
  const queue = [id];
  while (queue.length) {
    const current = queue.shift()!;
    for (const e of definition.edges) {
      if (e.target === current && !seen.has(e.source) && e.source !== id) {
        seen.add(e.source);
        queue.push(e.source);
      }
    }
  }
  return [...seen];
}

/**
 * Where a new step goes: under the selected one (else under the lowest step),
 * moved right until it covers no other step.
 */
export function nextPosition(definition: EditableDefinition, below?: string): XY {
  const placed = definition.nodes.flatMap((n) => (n.position ? [n.position] : []));
  const anchor =
    definition.nodes.find((n) => n.id === below)?.position ??
    (placed.length ? placed.reduce((a, b) => (b.y > a.y ? b : a)) : undefined);
  if (!anchor) return { x: 0, y: 0 };
  const at = { x: anchor.x, y: anchor.y + STEP_BOX.height + STEP_GAP.y };
  const covers = (p: XY) => Math.abs(p.x - at.x) < STEP_BOX.width && Math.abs(p.y - at.y) < STEP_BOX.height;
  // Bounded by the number of steps: each move passes at least one of them.
  for (let i = 0; i <= placed.length && placed.some(covers); i++) at.x += STEP_BOX.width + STEP_GAP.x;
  return at;
}

/** The box a step takes on the canvas (see .step-node), and the room kept around new ones. */
export const STEP_BOX = { width: 220, height: 90 } as const;
const STEP_GAP = { x: 40, y: 50 } as const;

// ---------------------------------------------------------------------------
// Copy and paste
// ---------------------------------------------------------------------------

export interface Clipboard {
  nodes: EditableNode[];
  edges: EditableEdge[];
}

export function copy(definition: EditableDefinition, ids: Iterable<string>): Clipboard {
  const set = new Set(ids);
  return {
    nodes: definition.nodes.filter((n) => set.has(n.id)),
    edges: definition.edges.filter((e) => set.has(e.source) && set.has(e.target)),
  };
}

const PASTE_OFFSET = 40;

/**
 * Pastes copies with fresh ids, shifted so they do not hide the originals; the
 * connections between copied steps, and their references to each other in
 * templates, follow the new ids.
 */
export function paste(definition: EditableDefinition, clipboard: Clipboard): { definition: EditableDefinition; ids: string[] } {
  const renamed = new Map<string, string>();
  let next = definition;
  for (const node of clipboard.nodes) {
    const id = uniqueId(next, node.id);
    renamed.set(node.id, id);
    next = { ...next, nodes: [...next.nodes, { ...node, id }] };
  }
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return replacePlaceholders(value, (p, whole) =>
        p.kind === 'node' && renamed.has(p.nodeId) ? `{{nodes.${renamed.get(p.nodeId)}.output}}` : whole,
      );
    }
    if (Array.isArray(value)) return value.map(rewrite);
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]));
    return value;
  };
  const pasted = new Set(renamed.values());
  const nodes = next.nodes.map((n) => {
    if (!pasted.has(n.id)) return n;
    const config = rewrite(n.config) as Record<string, unknown>;
    if (n.type === 'condition' && typeof config.on === 'string' && renamed.has(config.on)) config.on = renamed.get(config.on);
    const at = n.position ?? { x: 0, y: 0 };
    return { ...n, config, position: { x: at.x + PASTE_OFFSET, y: at.y + PASTE_OFFSET } };
  });
  const edges = clipboard.edges.map((e) => ({ ...e, source: renamed.get(e.source)!, target: renamed.get(e.target)! }));
  return { definition: { ...next, nodes, edges: [...next.edges, ...edges] }, ids: [...pasted] };
}

// ---------------------------------------------------------------------------
// Undo and redo
// ---------------------------------------------------------------------------

export interface History {
  past: string[];
  future: string[];
  /** Edits with the same key in a row (typing in one field) undo as one step. */
  lastKey?: string;
}

const HISTORY_LIMIT = 100;

export const emptyHistory = (): History => ({ past: [], future: [] });

/** Records that the text changed from `previous`; a new change clears what could be redone. */
export function record(history: History, previous: string, key?: string): History {
  if (key !== undefined && key === history.lastKey) return { ...history, future: [] };
  return { past: [...history.past, previous].slice(-HISTORY_LIMIT), future: [], lastKey: key };
}

export function undo(history: History, current: string): { history: History; text: string } | null {
  const text = history.past.at(-1);
  if (text === undefined) return null;
  return { history: { past: history.past.slice(0, -1), future: [current, ...history.future] }, text };
}

export function redo(history: History, current: string): { history: History; text: string } | null {
  const [text, ...future] = history.future;
  if (text === undefined) return null;
  return { history: { past: [...history.past, current], future }, text };
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

function roundXY<T extends XY>(p: T): T {
  return { ...p, x: Math.round(p.x), y: Math.round(p.y) };
}

function withoutUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
