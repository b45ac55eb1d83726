import { ErrorCode, isSafeReturnPath } from '@wfchat/contracts';
import { ApiError } from '../lib/api.js';

/** `returnTo` from the query, honoured only when it is a path on this site. */
export function safeReturnTo(value: string | null): string {
  return isSafeReturnPath(value) ? value : '/';
}

function wait(seconds: number | null): string {
  if (seconds === null) return 'in a few minutes';
  if (seconds < 90) return `in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  return `in ${Math.ceil(seconds / 60)} minutes`;
}

/** What the sign-in and sign-up forms say for an error, chosen by its code. */
export function authErrorMessage(error: unknown, provider?: string): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  return authCodeMessage(error.code, provider, error) ?? error.message;
}

export function authCodeMessage(code: string, provider = 'single sign-on', error?: ApiError): string | null {
  switch (code) {
    case ErrorCode.AuthInvalidCredentials:
      return 'Wrong email or password.';
    case ErrorCode.RateLimited:
      return `Too many attempts. Try again ${wait(error?.retryAfterSeconds ?? null)}.`;
    case ErrorCode.AuthSignupClosed:
      return 'Sign-up is closed on this server. Ask an administrator for an account.';
    case ErrorCode.AuthEmailTaken:
      return 'An account with this email already exists. Sign in instead.';
    case ErrorCode.AuthOidcFailed:
      return `Signing in with ${provider} failed. Please try again.`;
    case ErrorCode.AuthOidcDisabled:
      return 'Single sign-on is not configured on this server.';
    case ErrorCode.AuthCsrf:
      return 'The request was refused for security reasons. Reload the page and try again.';
    case ErrorCode.RequestInvalid:
      if (error?.issues.length) return error.issues.map((i) => `${i.path || 'input'}: ${i.message}`).join('; ');
      return error?.message ?? 'Please check the form.';
  }
  return null;
}
