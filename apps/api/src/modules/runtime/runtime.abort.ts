/** Why whatever a turn started is stopped once it ends (shared: `abort()` without a reason builds a DOMException). */
const TURN_ENDED = Object.freeze(new Error('The turn ended.'));

/**
 * When a turn must stop: the visitor went away, or its time limit passed. The
 * combined `AbortSignal` (with a timer and a controller of its own) is built
 * only when a step doing I/O asks for it; a turn of templates and conditions
 * only ever checks `aborted`, which costs no allocation.
 */
export class TurnAbort {
  private readonly deadline: number;
  private timeout?: AbortSignal;
  private done?: AbortController;
  private combined?: AbortSignal;

  constructor(
    private readonly visitor: AbortSignal,
    private readonly timeoutMs: number,
  ) {
    this.deadline = performance.now() + timeoutMs;
  }

  /** For steps that do I/O: aborts when the visitor leaves, at the time limit, or when the turn ends. */
  get signal(): AbortSignal {
    if (!this.combined) {
      this.timeout = AbortSignal.timeout(Math.max(0, Math.ceil(this.deadline - performance.now())));
      this.done = new AbortController();
      this.combined = AbortSignal.any([this.visitor, this.timeout, this.done.signal]);
    }
    return this.combined;
  }

  get timedOut(): boolean {
    return this.timeout?.aborted === true || performance.now() >= this.deadline;
  }

  /** Throws what stopped the turn, if anything did. */
  throwIfStopped(): void {
    if (this.combined?.aborted) throw this.combined.reason;
    if (this.visitor.aborted) throw this.visitor.reason;
    if (this.timedOut) throw new DOMException(`The turn took longer than ${this.timeoutMs} ms.`, 'TimeoutError');
  }

  /** Stops whatever the turn started (its requests), once it is over. */
  end(): void {
    this.done?.abort(TURN_ENDED);
  }
}
