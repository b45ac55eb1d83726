/**
 * Stable codes of in-band turn errors. Clients branch on the code; the message
 * is written for a visitor. (They live here, not in contracts' ErrorCode,
 * because they travel inside a chat stream, not as HTTP error bodies.)
 */
export const RuntimeErrorCode = {
  Timeout: 'runtime.timeout',
  Cancelled: 'runtime.cancelled',
  OutputTooLarge: 'runtime.output_too_large',
  TooManySteps: 'runtime.too_many_steps',
  HttpFailed: 'runtime.http_failed',
  HttpTimeout: 'runtime.http_timeout',
  HttpForbiddenAddress: 'runtime.http_forbidden_address',
  LlmNotConfigured: 'runtime.llm_not_configured',
  LlmFailed: 'runtime.llm_failed',
  /** The clicked `choices` step is gone from the definition the chat now runs. */
  ChoiceExpired: 'runtime.choice_expired',
  Internal: 'runtime.internal',
} as const;

export type RuntimeErrorCode = (typeof RuntimeErrorCode)[keyof typeof RuntimeErrorCode];

/** Thrown inside the runtime only; `run()` turns it into an `error` event. */
export class RuntimeError extends Error {
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
    readonly allowRetry: boolean,
  ) {
    super(message);
    this.name = 'RuntimeError';
  }
}
