import type { TWorkflowDefinition } from '@wfchat/contracts';

/** A file attached to the visitor's message, as the steps receive it. */
export type TurnAttachment = {
  id: string;
  name: string;
  mimeType: string;
  /** This API's download URL (needs the visitor's chat JWT). */
  url: string;
} & (
  | { kind: 'image'; dataUrl: string }
  /** Plain text, capped at ATTACHMENTS_TEXT_CHARS. */
  | { kind: 'text'; text: string }
  | { kind: 'file' }
);

/** One chat turn: the definition to run, what the visitor just said, and the thread so far. */
export interface TurnInput {
  definition: TWorkflowDefinition;
  /** The visitor's message for this turn. */
  input: string;
  /** Files attached to that message (none when absent). */
  attachments?: TurnAttachment[];
  /** Earlier messages of the thread, oldest first, without `input`. */
  history: { role: 'user' | 'assistant'; content: string }[];
  /** Aborted when the visitor goes away; every upstream call is aborted with it. */
  signal: AbortSignal;
}

export type RuntimeEvent =
  | { type: 'progress'; nodeId: string; text: string }
  | { type: 'text_delta'; delta: string }
  | { type: 'final'; text: string }
  /** Tokens an LLM step's provider reported for its completion (streamed `usage`). */
  | { type: 'usage'; tokensIn: number; tokensOut: number }
  | { type: 'error'; code: string; message: string; allowRetry: boolean; partialText: string };

/** Per-turn limits. Defaults in DEFAULT_RUNTIME_LIMITS; tests and operators may lower them. */
export interface RuntimeLimits {
  /** Wall-clock time for the whole turn. */
  turnTimeoutMs: number;
  /** Bytes of output all nodes together may produce in one turn. */
  maxOutputBytes: number;
  /** Nodes executed in one turn. */
  maxSteps: number;
  /** Default and ceiling of an http step's own timeout. */
  httpDefaultTimeoutMs: number;
  httpMaxTimeoutMs: number;
  /** Bytes an http step may read from a response. */
  httpMaxResponseBytes: number;
}

export const DEFAULT_RUNTIME_LIMITS: RuntimeLimits = {
  turnTimeoutMs: 60_000,
  maxOutputBytes: 64 * 1024,
  maxSteps: 50,
  httpDefaultTimeoutMs: 10_000,
  httpMaxTimeoutMs: 30_000,
  httpMaxResponseBytes: 256 * 1024,
};

/** Nest token for overriding limits (optional; DEFAULT_RUNTIME_LIMITS otherwise). */
export const RUNTIME_LIMITS = Symbol('RUNTIME_LIMITS');

/** What a node executor may report while it runs. */
export type NodeEvent =
  | { type: 'progress'; text: string }
  | { type: 'delta'; delta: string }
  | { type: 'usage'; tokensIn: number; tokensOut: number };

/** A node executor: yields progress/deltas, returns the node's output text. */
export type NodeRun = AsyncGenerator<NodeEvent, string, void>;
