import type { TWorkflowDefinitionInput } from '@wfchat/contracts';
import { parseDefinition } from '@wfchat/contracts';
import { parseConfig, type AppConfig } from '../../config/config.schema.js';
import { WorkflowRuntime } from './runtime.service.js';
import type { RuntimeEvent, RuntimeLimits, TurnInput } from './runtime.types.js';

/** Helpers shared by the runtime's tests and the benchmark. */

export function testConfig(env: Record<string, string | undefined> = {}): AppConfig {
  return parseConfig({ NODE_ENV: 'test', DATA_DIR: '/tmp/wfchat-runtime-test', ...env });
}

export function runtimeWith(
  env: Record<string, string | undefined> = {},
  limits?: Partial<RuntimeLimits>,
): WorkflowRuntime {
  return new WorkflowRuntime(testConfig(env), limits);
}

export async function collect(events: AsyncIterable<RuntimeEvent>): Promise<RuntimeEvent[]> {
  const all: RuntimeEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

export function turn(
  definition: TWorkflowDefinitionInput | unknown,
  input: string,
  extra: Partial<Omit<TurnInput, 'definition' | 'input'>> = {},
): TurnInput {
  return {
    definition: parseDefinition(definition),
    input,
    history: extra.history ?? [],
    signal: extra.signal ?? new AbortController().signal,
    ...(extra.trace ? { trace: true } : {}),
  };
}

/** A definition `start → … → reply` from a list of node specs, joined in order. */
export function chain(...nodes: { id: string; type: string; config?: Record<string, unknown> }[]): unknown {
  return {
    v: 1,
    chat: {},
    nodes: nodes.map((n) => ({ config: {}, ...n })),
    edges: nodes.slice(1).map((n, i) => ({ source: nodes[i]!.id, target: n.id })),
  };
}

export function deltasOf(events: RuntimeEvent[]): string {
  return events.flatMap((e) => (e.type === 'text_delta' ? [e.delta] : [])).join('');
}

export function finalOf(events: RuntimeEvent[]): string | undefined {
  const final = events.find((e) => e.type === 'final');
  return final?.type === 'final' ? final.text : undefined;
}

export function errorOf(events: RuntimeEvent[]): Extract<RuntimeEvent, { type: 'error' }> | undefined {
  return events.find((e): e is Extract<RuntimeEvent, { type: 'error' }> => e.type === 'error');
}
