import { defaultDefinition, demoDefinition, safeParseDefinition } from '@wfchat/contracts';
import { describe, expect, it } from 'vitest';
import { checkDefinitionText, formatDefinition, placeIssues } from '../definition-validation.js';
import { withPositions } from './auto-layout.js';
import {
  addNode,
  connect,
  copy,
  earlierSteps,
  type EditableDefinition,
  emptyHistory,
  moveNodes,
  paste,
  readGraph,
  record,
  redo,
  removeElements,
  setNext,
  setViewport,
  STEP_BOX,
  undo,
  updateNode,
  writeGraph,
} from './editor-state.js';

const read = (definition: unknown): EditableDefinition => {
  const result = readGraph(JSON.stringify(definition));
  if (!result.ok) throw new Error(result.message);
  return result.definition;
};
const valid = (d: EditableDefinition) => safeParseDefinition(JSON.parse(writeGraph(d))).success;

describe('graph editor state', () => {
  it('adds a step of each type with a unique id, the position given and a starting config', () => {
    let d = read(defaultDefinition());
    const added = addNode(d, 'template', { x: 10.4, y: 20.6 });
    expect(added.id).toBe('template');
    expect(added.definition.nodes.at(-1)).toEqual({
      id: 'template',
      type: 'template',
      position: { x: 10, y: 21 },
      config: { template: 'You said: {{input}}' },
    });
    d = added.definition;
    const again = addNode(d, 'template', { x: 0, y: 0 });
    expect(again.id).toBe('template_2');
    // "reply" is taken by the default definition.
    expect(addNode(d, 'reply', { x: 0, y: 0 }).id).toBe('reply_2');
  });

  it('connects steps; a condition gets one way out per outcome, loops and duplicates are refused', () => {
    let d = read({ v: 1, nodes: [], edges: [] });
    for (const type of ['condition', 'template', 'reply'] as const) d = addNode(d, type, { x: 0, y: 0 }).definition;
    d = connect(d, { source: 'condition', target: 'template', when: 'true' });
    d = connect(d, { source: 'condition', target: 'reply', when: 'false' });
    d = connect(d, { source: 'template', target: 'reply' });
    expect(d.edges).toEqual([
      { source: 'condition', target: 'template', when: 'true' },
      { source: 'condition', target: 'reply', when: 'false' },
      { source: 'template', target: 'reply' },
    ]);
    expect(connect(d, { source: 'template', target: 'reply' })).toBe(d);
    expect(connect(d, { source: 'reply', target: 'reply' })).toBe(d);
    expect(connect(d, { source: 'template', target: 'nowhere' })).toBe(d);
    // A second "true" replaces the first.
    const rewired = connect(d, { source: 'condition', target: 'reply', when: 'true' });
    expect(rewired.edges.filter((e) => e.source === 'condition')).toEqual([
      { source: 'condition', target: 'reply', when: 'false' },
      { source: 'condition', target: 'reply', when: 'true' },
    ]);
    // A "when" on an edge leaving a non-condition is dropped rather than saved invalid.
    const plain = connect(removeElements(d, [], ['template->reply']), {
      source: 'template',
      target: 'reply',
      when: 'true',
    });
    expect(plain.edges.at(-1)).toEqual({ source: 'template', target: 'reply' });
    expect(valid(d)).toBe(true);
  });

  it('sets and clears the next step from the side panel', () => {
    let d = read(defaultDefinition());
    d = addNode(d, 'template', { x: 0, y: 0 }).definition;
    d = setNext(d, 'answer', undefined, 'template');
    expect(d.edges).toEqual([{ source: 'answer', target: 'template' }]);
    d = setNext(d, 'answer', undefined, '');
    expect(d.edges).toEqual([]);
  });

  it('deletes steps with their connections, and single connections', () => {
    const d = read(demoDefinition({ withLlm: false }));
    const without = removeElements(d, ['is_hours']);
    expect(without.nodes.map((n) => n.id)).not.toContain('is_hours');
    expect(without.edges.some((e) => e.source === 'is_hours' || e.target === 'is_hours')).toBe(false);
    expect(without.edges).toHaveLength(d.edges.length - 3);
    const edgeGone = removeElements(d, [], ['pricing->reply']);
    expect(edgeGone.edges).toHaveLength(d.edges.length - 1);
    expect(edgeGone.nodes).toHaveLength(d.nodes.length);
  });

  it('undoes and redoes text changes; typing in one field is one step; a new change clears redo', () => {
    let h = emptyHistory();
    h = record(h, 'a');
    h = record(h, 'b', 'n1.template');
    h = record(h, 'bc', 'n1.template'); // same field: merged
    expect(h.past).toEqual(['a', 'b']);
    const u1 = undo(h, 'bcd')!;
    expect(u1.text).toBe('b');
    const u2 = undo(u1.history, u1.text)!;
    expect(u2.text).toBe('a');
    expect(undo(u2.history, u2.text)).toBeNull();
    const r1 = redo(u2.history, u2.text)!;
    expect(r1.text).toBe('b');
    const r2 = redo(r1.history, r1.text)!;
    expect(r2.text).toBe('bcd');
    expect(redo(r2.history, r2.text)).toBeNull();
    const branched = record(u1.history, 'b');
    expect(branched.future).toEqual([]);
  });

  it('round-trips through JSON: what the canvas writes reads back the same, unknown fields kept', () => {
    let d = read({ ...demoDefinition({ withLlm: false }), ui: { viewport: { x: 1, y: 2, zoom: 0.5 } } });
    d = moveNodes(d, { pricing: { x: 100, y: 200 } });
    d = updateNode(d, 'pricing', { label: 'Prices', config: { template: 'From 9 EUR', extra: undefined } });
    d = setViewport(d, { x: 12.3, y: -4.4, zoom: 1.23456 });
    const text = writeGraph(d);
    expect(text).toBe(formatDefinition(JSON.parse(text)));
    const back = read(JSON.parse(text));
    expect(back).toEqual(d);
    expect(back.nodes.find((n) => n.id === 'pricing')).toMatchObject({
      label: 'Prices',
      position: { x: 100, y: 200 },
      config: { template: 'From 9 EUR' },
    });
    expect(back.ui).toEqual({ viewport: { x: 12, y: -4, zoom: 1.235 } });
    expect(valid(back)).toBe(true);
    // Edits in the JSON view show on the canvas: a new node in the text is a node in the graph.
    const edited = JSON.parse(text);
    edited.nodes.push({ id: 'typed', type: 'reply', config: {} });
    expect(read(edited).nodes.map((n) => n.id)).toContain('typed');
  });

  it('says what to fix in the JSON view when the text cannot be drawn', () => {
    expect(readGraph('{ "v": 1,')).toMatchObject({ ok: false, message: expect.stringContaining('JSON tab') });
    expect(readGraph('{ "v": 1 }')).toMatchObject({
      ok: false,
      message: expect.stringContaining('"nodes" and "edges"'),
    });
    expect(readGraph('{ "v": 1, "nodes": [{ "id": "x", "type": "loop" }], "edges": [] }')).toMatchObject({ ok: false });
    // Old definitions (v0, no `v`) are upgraded first, as the server does.
    const v0 = readGraph(JSON.stringify({ steps: [{ type: 'template', template: 'hi' }] }));
    expect(v0.ok && v0.definition.nodes.map((n) => n.id)).toEqual(['step1', 'reply']);
  });

  it('copies and pastes steps with fresh ids, their inner connections and references', () => {
    const d = read({
      v: 1,
      nodes: [
        { id: 'a', type: 'template', position: { x: 0, y: 0 }, config: { template: '{{input}}' } },
        { id: 'b', type: 'template', position: { x: 0, y: 100 }, config: { template: 'x {{nodes.a.output}}' } },
        { id: 'r', type: 'reply', config: {} },
      ],
      edges: [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'r' },
      ],
    });
    const { definition: next, ids } = paste(d, copy(d, ['a', 'b']));
    expect(ids).toEqual(['a_2', 'b_2']);
    expect(next.nodes.find((n) => n.id === 'b_2')).toMatchObject({
      position: { x: 40, y: 140 },
      config: { template: 'x {{nodes.a_2.output}}' },
    });
    expect(next.edges).toContainEqual({ source: 'a_2', target: 'b_2' });
    expect(next.edges).toHaveLength(3);
  });

  it('lists the steps that run before a step, for placeholder insertion', () => {
    const d = read(demoDefinition({ withLlm: false }));
    expect(earlierSteps(d, 'hours').sort()).toEqual(['is_hours', 'is_pricing']);
    expect(earlierSteps(d, 'is_pricing')).toEqual([]);
  });
});

describe('automatic layout', () => {
  it('lays out a definition without positions top to bottom, without overlaps, keeping placed steps', () => {
    const d = read(demoDefinition({ withLlm: false }));
    expect(d.nodes.every((n) => n.position === undefined)).toBe(true);
    const laid = withPositions(d);
    const at = Object.fromEntries(laid.nodes.map((n) => [n.id, n.position!]));
    expect(Object.keys(at)).toHaveLength(d.nodes.length);
    // Every edge goes downwards.
    for (const e of d.edges) expect(at[e.target]!.y).toBeGreaterThan(at[e.source]!.y);
    // No two steps overlap.
    const boxes = Object.values(at);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [p, q] = [boxes[i]!, boxes[j]!];
        const overlap = Math.abs(p.x - q.x) < STEP_BOX.width && Math.abs(p.y - q.y) < STEP_BOX.height;
        expect(overlap).toBe(false);
      }
    // Steps the author placed stay put; a definition fully placed is returned as is.
    const placed = moveNodes(d, { pricing: { x: 999, y: 999 } });
    expect(withPositions(placed).nodes.find((n) => n.id === 'pricing')!.position).toEqual({ x: 999, y: 999 });
    expect(withPositions(laid)).toBe(laid);
  });
});

describe('validation mapping', () => {
  it('puts each problem on its step and field, in words, never as a JSON path', () => {
    const def = {
      v: 1,
      nodes: [
        { id: 'fetch', type: 'http', config: { url: '', timeoutMs: 5 } },
        { id: 'check', type: 'condition', config: { contains: 'a', equals: 'b' } },
        { id: 'say', type: 'template', config: { template: 'Hi {{nodes.later.output}}' } },
        { id: 'later', type: 'reply', config: {} },
      ],
      edges: [
        { source: 'fetch', target: 'check' },
        { source: 'check', target: 'say' },
        { source: 'say', target: 'later' },
      ],
    };
    const check = checkDefinitionText(JSON.stringify(def));
    expect(check.ok).toBe(false);
    if (check.ok) return;
    const placed = placeIssues(check.issues, def);
    expect(placed.nodes.fetch).toEqual(
      expect.arrayContaining([
        { field: 'url', message: 'URL is required' },
        { field: 'timeoutMs', message: 'Timeout must be at least 100 ms' },
      ]),
    );
    expect(placed.nodes.check).toEqual(
      expect.arrayContaining([
        { message: 'A condition needs exactly one of "contains", "equals" or "matches"' },
        {
          field: 'next',
          message:
            'A connection to "say" is neither the true nor the false branch: reconnect it from the true or the false dot.',
        },
      ]),
    );
    expect(placed.nodes.say).toEqual([
      { field: 'template', message: 'Template refers to node "later", which does not run before "say"' },
    ]);
    const everything = JSON.stringify(placed);
    expect(everything).not.toMatch(/nodes\.\d|edges\.\d|config\./);
  });

  it('keeps problems of the whole definition apart, in words', () => {
    const def = { v: 1, nodes: [{ id: 'a', type: 'template', config: { template: 'x' } }], edges: [] };
    const check = checkDefinitionText(JSON.stringify(def));
    if (check.ok) throw new Error('expected problems');
    const placed = placeIssues(check.issues, def);
    expect(placed.general).toEqual(['No reply node is reachable from the start nodes (nodes with no incoming edge)']);
    expect(placed.nodes).toEqual({});
  });

  it("names a choices step's button by its number, and a new choices step starts valid", () => {
    const def = {
      v: 1,
      nodes: [{ id: 'ask', type: 'choices', config: { options: [{ label: 'Yes' }, { label: ' ', value: '' }] } }],
      edges: [],
    };
    const check = checkDefinitionText(JSON.stringify(def));
    if (check.ok) throw new Error('expected problems');
    expect(placeIssues(check.issues, def).nodes.ask).toEqual(
      expect.arrayContaining([
        { field: 'options', message: 'Button 2 is required' },
        { field: 'options', message: 'Button 2 value must not be empty' },
      ]),
    );

    const added = addNode(read({ v: 1, nodes: [{ id: 'answer', type: 'reply' }], edges: [] }), 'choices', {
      x: 0,
      y: 0,
    });
    expect(added.definition.nodes[1]).toMatchObject({
      type: 'choices',
      config: { options: [{ label: 'Yes' }, { label: 'No' }] },
    });
    expect(valid(connect(added.definition, { source: added.id, target: 'answer' }))).toBe(true);
  });
});
