import { ErrorCode } from '@wfchat/contracts';

/** An error with a stable code, mapped to `{code, message}` by the global filter. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const Errors = {
  invalid: (message: string, issues?: { path: string; message: string }[]) =>
    new AppError(400, ErrorCode.RequestInvalid, message, {}, issues),
  unauthenticated: (message = 'Sign in to continue.') => new AppError(401, ErrorCode.AuthUnauthenticated, message),
  notFound: (code: ErrorCode, message: string) => new AppError(404, code, message),
  conflict: (code: ErrorCode, message: string) => new AppError(409, code, message),
  featureDisabled: (feature: string) =>
    new AppError(404, ErrorCode.FeatureDisabled, `${feature} is turned off on this server.`),
  rateLimited: (retryAfterSeconds: number, message = 'Too many requests. Try again shortly.') =>
    new AppError(429, ErrorCode.RateLimited, message, { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) }),
};
