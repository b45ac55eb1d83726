import dagre from '@dagrejs/dagre';
import { type EditableDefinition, STEP_BOX } from './editor-state.js';

/**
 * Gives every step without a position one, top to bottom along the edges
 * (dagre's layered layout). Steps that have a position keep it, so opening an
 * older definition lays it out once and later edits never move what the author
 * placed.
 */
export function withPositions(definition: EditableDefinition): EditableDefinition {
  if (definition.nodes.every((n) => n.position)) return definition;
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 60, ranksep: 70, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of definition.nodes) g.setNode(n.id, { ...STEP_BOX });
  for (const e of definition.edges) {
    if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  }
  dagre.layout(g);
  return {
    ...definition,
    nodes: definition.nodes.map((n) => {
      if (n.position) return n;
      // dagre gives centres; the canvas places nodes by their top-left corner.
      const { x, y } = g.node(n.id);
      return { ...n, position: { x: Math.round(x - STEP_BOX.width / 2), y: Math.round(y - STEP_BOX.height / 2) } };
    }),
  };
}
