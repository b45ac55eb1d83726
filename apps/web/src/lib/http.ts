// Only types come from contracts here: this module is on the public chat route,
// which must not pull zod into its bundle.
export interface ApiIssue {
  path: string;
  message: string;
}

/** Any failed call: the API's `{code, message, issues?}` plus status and `Retry-After`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number | null = null,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Status 0: the request never got an answer (offline, DNS, connection reset). */
export const NETWORK_ERROR = 'network.error';

export function parseRetryAfter(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

async function toApiError(response: Response): Promise<ApiError> {
  let code = `http.${response.status}`;
  let message = response.statusText || `Request failed with status ${response.status}`;
  let issues: ApiIssue[] = [];
  try {
    const body = (await response.json()) as { code?: unknown; message?: unknown; issues?: unknown };
    if (typeof body.code === 'string') code = body.code;
    if (typeof body.message === 'string') message = body.message;
    if (Array.isArray(body.issues)) issues = body.issues as ApiIssue[];
  } catch {
    // Not JSON (a proxy's error page): keep the status-based code.
  }
  return new ApiError(response.status, code, message, parseRetryAfter(response.headers.get('Retry-After')), issues);
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { Accept: 'application/json' }
          : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, NETWORK_ERROR, 'Could not reach the server. Check your connection.');
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A path segment from a caller's value. */
export const pathId = (value: string) => encodeURIComponent(value);
