import { Inject, Injectable, Optional } from '@nestjs/common';
import type { TWorkflowNode } from '@wfchat/contracts';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { conditionSubject, evaluateCondition } from './condition.node.js';
import { runHttpNode } from './http.node.js';
import { runLlmNode } from './llm.node.js';
import { TurnAbort } from './runtime.abort.js';
import { RuntimeError, RuntimeErrorCode } from './runtime.errors.js';
import { planOf, type ExecutionPlan } from './runtime.graph.js';
import { renderTemplate, type TemplateScope } from './runtime.template.js';
import {
  DEFAULT_RUNTIME_LIMITS,
  RUNTIME_LIMITS,
  type NodeRun,
  type RuntimeEvent,
  type RuntimeLimits,
  type TurnInput,
} from './runtime.types.js';
import { runTemplateNode } from './template.node.js';

/** Mutable state of one turn. */
interface Turn {
  input: TurnInput;
  plan: ExecutionPlan;
  abort: TurnAbort;
  outputs: Map<string, string>;
  /** 'ran' or 'skipped' once a node is settled; absent while pending. */
  state: Map<string, 'ran' | 'skipped'>;
  conditions: Map<string, boolean>;
  /** Node ids in the order they ran. */
  ranOrder: string[];
  /** Everything sent to the visitor as text_delta so far. */
  sent: string;
  /** The reply node a streaming llm is feeding directly, if any. */
  streamedInto?: string;
  outputBytes: number;
}

/**
 * Runs one chat turn of a workflow definition as a stream of events.
 * Errors are values: whatever goes wrong, `run()` ends with one `error` event
 * instead of throwing, so callers only have to forward events.
 */
@Injectable()
export class WorkflowRuntime {
  private readonly limits: RuntimeLimits;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(RUNTIME_LIMITS) limits?: Partial<RuntimeLimits>,
  ) {
    this.limits = { ...DEFAULT_RUNTIME_LIMITS, ...limits };
  }

  async *run(input: TurnInput): AsyncGenerator<RuntimeEvent, void, void> {
    // One signal for everything this turn starts: the visitor's signal, the
    // turn's time limit, and our own cleanup when the consumer stops early.
    const abort = new TurnAbort(input.signal, this.limits.turnTimeoutMs);
    const turn: Turn = {
      input,
      plan: { order: [], incoming: new Map(), outgoing: new Map() },
      abort,
      outputs: new Map(),
      state: new Map(),
      conditions: new Map(),
      ranOrder: [],
      sent: '',
      outputBytes: 0,
    };
    try {
      turn.plan = planOf(input.definition);
      yield* this.execute(turn);
    } catch (e) {
      yield this.errorEvent(e, turn);
    } finally {
      abort.end();
    }
  }

  private async *execute(turn: Turn): AsyncGenerator<RuntimeEvent, void, void> {
    let steps = 0;
    for (const node of turn.plan.order) {
      turn.abort.throwIfStopped();
      if (!this.isActive(node, turn)) {
        turn.state.set(node.id, 'skipped');
        continue;
      }
      if (++steps > this.limits.maxSteps) {
        throw new RuntimeError(
          RuntimeErrorCode.TooManySteps,
          `This workflow ran more than ${this.limits.maxSteps} steps for one message, so it was stopped.`,
          false,
        );
      }
      if (node.type === 'reply') {
        yield* this.reply(node, turn);
        return;
      }
      const output = yield* this.runNode(node, turn);
      turn.outputs.set(node.id, output);
      turn.state.set(node.id, 'ran');
      turn.ranOrder.push(node.id);
    }
    // Validation guarantees a reachable reply, but a condition may route around it.
    throw new RuntimeError(RuntimeErrorCode.Internal, 'This workflow ended without a reply.', false);
  }

  /** A start node is active; any other node once one of its incoming edges was taken. */
  private isActive(node: TWorkflowNode, turn: Turn): boolean {
    const incoming = turn.plan.incoming.get(node.id) ?? [];
    if (incoming.length === 0) return true;
    return incoming.some((edge) => {
      if (turn.state.get(edge.source) !== 'ran') return false;
      const taken = turn.conditions.get(edge.source);
      return taken === undefined || edge.when === String(taken);
    });
  }

  private scopeOf(turn: Turn): TemplateScope {
    const names = (turn.input.attachments ?? []).map((a) => a.name).join(', ');
    return { input: turn.input.input, attachments: names, outputs: turn.outputs };
  }

  /** The output of the predecessor that ran last, or the input for a start node. */
  private predecessorOutput(node: TWorkflowNode, turn: Turn): string {
    const incoming = turn.plan.incoming.get(node.id) ?? [];
    let best: string | undefined;
    let bestAt = -1;
    for (const edge of incoming) {
      const at = turn.ranOrder.lastIndexOf(edge.source);
      if (at > bestAt) {
        bestAt = at;
        best = edge.source;
      }
    }
    return best === undefined ? turn.input.input : (turn.outputs.get(best) ?? '');
  }

  private async *runNode(
    node: Exclude<TWorkflowNode, { type: 'reply' }>,
    turn: Turn,
  ): AsyncGenerator<RuntimeEvent, string, void> {
    const scope = this.scopeOf(turn);
    switch (node.type) {
      case 'template':
        return this.count(runTemplateNode(node, scope), turn);
      case 'condition': {
        const subject = conditionSubject(node, turn.input.input, turn.outputs, this.predecessorOutput(node, turn));
        turn.conditions.set(node.id, evaluateCondition(node, subject));
        // A condition passes its subject through, so the next node can use it as its prompt.
        return subject;
      }
      case 'llm': {
        const streamInto = this.directReplyOf(node, turn);
        if (streamInto) turn.streamedInto = streamInto;
        const run = runLlmNode(node, {
          llm: this.config.llm,
          scope,
          prompt: this.predecessorOutput(node, turn),
          attachments: turn.input.attachments,
          history: turn.input.history,
          signal: turn.abort.signal,
        });
        return yield* this.forward(node.id, run, turn, streamInto !== undefined);
      }
      case 'http': {
        const run = runHttpNode(node, {
          scope,
          signal: turn.abort.signal,
          allowPrivate: this.config.httpStepAllowPrivate,
          limits: this.limits,
        });
        return yield* this.forward(node.id, run, turn, false);
      }
    }
  }

  /**
   * The reply an llm node may stream straight into: a reply without its own
   * text, whose other predecessors have all settled already, so this node's
   * output is certain to be what the reply shows.
   */
  private directReplyOf(node: TWorkflowNode, turn: Turn): string | undefined {
    if (turn.streamedInto !== undefined) return undefined;
    for (const edge of turn.plan.outgoing.get(node.id) ?? []) {
      const target = turn.plan.order.find((n) => n.id === edge.target);
      if (target?.type !== 'reply' || target.config.text !== undefined) continue;
      const others = (turn.plan.incoming.get(target.id) ?? []).filter((e) => e.source !== node.id);
      if (others.every((e) => turn.state.has(e.source))) return target.id;
    }
    return undefined;
  }

  /** Relays a node's progress, and its deltas when they go straight to the visitor. */
  private async *forward(
    nodeId: string,
    run: NodeRun,
    turn: Turn,
    stream: boolean,
  ): AsyncGenerator<RuntimeEvent, string, void> {
    let finished = false;
    try {
      while (true) {
        const next = await run.next();
        if (next.done) {
          finished = true;
          return next.value;
        }
        const event = next.value;
        if (event.type === 'progress') {
          yield { type: 'progress', nodeId, text: event.text };
        } else if (event.type === 'usage') {
          yield event;
        } else {
          this.countBytes(event.delta, turn);
          if (stream) {
            turn.sent += event.delta;
            yield { type: 'text_delta', delta: event.delta };
          }
        }
        turn.abort.throwIfStopped();
      }
    } finally {
      // Stopped early (a limit, an abort): let the step release its response body now.
      if (!finished) await run.return('').catch(() => undefined);
    }
  }

  private *reply(node: Extract<TWorkflowNode, { type: 'reply' }>, turn: Turn): Generator<RuntimeEvent, void, void> {
    const text =
      node.config.text !== undefined
        ? this.count(renderTemplate(node.config.text, this.scopeOf(turn)), turn)
        : this.predecessorOutput(node, turn);
    const alreadySent = turn.streamedInto === node.id && text === turn.sent;
    if (!alreadySent && text !== '') {
      // Keep the invariant final === concatenation of deltas, even in odd graphs.
      const delta = turn.sent === '' ? text : `\n\n${text}`;
      turn.sent += delta;
      yield { type: 'text_delta', delta };
    }
    yield { type: 'final', text: turn.sent };
  }

  private count(output: string, turn: Turn): string {
    this.countBytes(output, turn);
    return output;
  }

  private countBytes(text: string, turn: Turn): void {
    turn.outputBytes += Buffer.byteLength(text);
    if (turn.outputBytes > this.limits.maxOutputBytes) {
      throw new RuntimeError(
        RuntimeErrorCode.OutputTooLarge,
        `This workflow produced more than ${Math.round(this.limits.maxOutputBytes / 1024)} KB of text for one message, so it was stopped.`,
        false,
      );
    }
  }

  private errorEvent(e: unknown, turn: Turn): RuntimeEvent {
    const partialText = turn.sent;
    if (e instanceof RuntimeError) {
      return { type: 'error', code: e.code, message: e.message, allowRetry: e.allowRetry, partialText };
    }
    if (turn.input.signal.aborted) {
      return {
        type: 'error',
        code: RuntimeErrorCode.Cancelled,
        message: 'The answer was cancelled.',
        allowRetry: true,
        partialText,
      };
    }
    if (turn.abort.timedOut) {
      return {
        type: 'error',
        code: RuntimeErrorCode.Timeout,
        message: `This workflow took longer than ${Math.round(this.limits.turnTimeoutMs / 1000)} s to answer, so it was stopped.`,
        allowRetry: true,
        partialText,
      };
    }
    return {
      type: 'error',
      code: RuntimeErrorCode.Internal,
      message: 'Something went wrong while answering. Please try again.',
      allowRetry: true,
      partialText,
    };
  }
}
