import type { TWorkflowDefinition, TWorkflowEdge, TWorkflowNode } from '@wfchat/contracts';

/** A definition prepared for execution: nodes in a stable topological order, edges by node. */
export interface ExecutionPlan {
  order: TWorkflowNode[];
  incoming: ReadonlyMap<string, TWorkflowEdge[]>;
  outgoing: ReadonlyMap<string, TWorkflowEdge[]>;
}

// Definitions are immutable once loaded, so a plan is computed once per object.
const plans = new WeakMap<TWorkflowDefinition, ExecutionPlan>();

export function planOf(definition: TWorkflowDefinition): ExecutionPlan {
  let plan = plans.get(definition);
  if (!plan) {
    plan = buildPlan(definition);
    plans.set(definition, plan);
  }
  return plan;
}

/**
 * True when no step of the workflow calls out (`llm`, `http`): its answer is
 * ready as soon as the turn starts, so there is nothing to stream.
 */
export function answersAtOnce(definition: TWorkflowDefinition): boolean {
  return definition.nodes.every((node) => node.type !== 'llm' && node.type !== 'http');
}

/**
 * Kahn's algorithm; ties keep the authors' declaration order so that runs are
 * deterministic. Nodes left over (a cycle, which validation already refuses)
 * are dropped rather than looped over.
 */
function buildPlan(definition: TWorkflowDefinition): ExecutionPlan {
  const byId = new Map(definition.nodes.map((n) => [n.id, n]));
  const incoming = new Map<string, TWorkflowEdge[]>();
  const outgoing = new Map<string, TWorkflowEdge[]>();
  for (const node of definition.nodes) {
    incoming.set(node.id, []);
    outgoing.set(node.id, []);
  }
  for (const edge of definition.edges) {
    if (!byId.has(edge.source) || !byId.has(edge.target)) continue;
    outgoing.get(edge.source)!.push(edge);
    incoming.get(edge.target)!.push(edge);
  }
  const remaining = new Map(definition.nodes.map((n) => [n.id, incoming.get(n.id)!.length]));
  const position = new Map(definition.nodes.map((n, i) => [n.id, i]));
  const ready = definition.nodes.filter((n) => remaining.get(n.id) === 0);
  const order: TWorkflowNode[] = [];
  while (ready.length) {
    const node = ready.shift()!;
    order.push(node);
    for (const edge of outgoing.get(node.id)!) {
      const left = remaining.get(edge.target)! - 1;
      remaining.set(edge.target, left);
      if (left === 0) {
        const target = byId.get(edge.target)!;
        const at = ready.findIndex((r) => position.get(r.id)! > position.get(target.id)!);
        if (at === -1) ready.push(target);
        else ready.splice(at, 0, target);
      }
    }
  }
  return { order, incoming, outgoing };
}
