/**
 * A small typed client for the parts of the wfchat API that automations use,
 * shared by the CLI and the MCP server (`@wfchat/cli/api-client`).
 *
 * Payloads are returned exactly as the API sends them; failures are thrown as
 * `ApiError` (the API answered with an error body) or `NetworkError` (it did not
 * answer at all).
 */
import {
  ErrorCode,
  ZPublishRequest,
  ZUpdatePublishRequest,
  type TAuditListResponse,
  type TConversationListResponse,
  type TConversationQuery,
  type TStatsQuery,
  type TStatsResponse,
  type TChatSessionResponse,
  type TCreateLinkRequest,
  type TCreateWorkflowRequest,
  type TErrorBody,
  type TLinkListResponse,
  type TLinkTokenResponse,
  type TPublishRequest,
  type TPublishResponse,
  type TUpdatePublishRequest,
  type TUpdateWorkflowRequest,
  type TUserResponse,
  type TWorkflow,
  type TWorkflowListResponse,
  type TWorkflowResponse,
  type TWorkflowVersion,
} from '@wfchat/contracts';
import type { z } from 'zod';

export const DEFAULT_TIMEOUT_MS = 30_000;

/** The API answered with a non-2xx status; `code` is its stable error code. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds from `Retry-After` on a 429. */
    readonly retryAfterSeconds?: number,
    readonly issues?: TErrorBody['issues'],
  ) {
    super(message);
  }

  /** The API's own error body, `{code, message}`. */
  toBody(): TErrorBody {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }
}

/** The API could not be reached (refused, DNS, TLS, timeout). */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  readonly code = 'network.unreachable';
  constructor(
    readonly apiUrl: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toBody(): TErrorBody {
    return { code: this.code, message: this.message };
  }
}

export interface ApiClientOptions {
  /** Base URL of the wfchat server, e.g. `https://chat.example.com` (`/api` is added). */
  apiUrl: string;
  /** An API token (`wfa_…`). */
  token: string;
  timeoutMs?: number;
  userAgent?: string;
  fetch?: typeof fetch;
}

/**
 * Accepts `https://host`, `https://host/` or `https://host/api` and returns the
 * base without a trailing slash or `/api`. Throws on anything but http(s).
 */
export function normalizeApiUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new TypeError(`"${input}" is not a URL (expected e.g. http://localhost:3000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`"${input}" must be an http:// or https:// URL`);
  }
  if (url.search || url.hash) throw new TypeError(`"${input}" must not have a query or fragment`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '').replace(/\/api$/, '');
}

export class WfchatApiClient {
  readonly apiUrl: string;
  private readonly token: string;
  private readonly timeoutMs: number;
  private readonly userAgent: string;
  private readonly fetchImpl: typeof fetch;

  constructor(options: ApiClientOptions) {
    this.apiUrl = normalizeApiUrl(options.apiUrl);
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.userAgent = options.userAgent ?? 'wfchat-api-client';
    this.fetchImpl = options.fetch ?? fetch;
  }

  me(): Promise<TUserResponse> {
    return this.request('GET', '/auth/me');
  }

  listWorkflows(): Promise<TWorkflowListResponse> {
    return this.request('GET', '/workflows');
  }

  getWorkflow(id: string): Promise<TWorkflow> {
    return this.request('GET', `/workflows/${seg(id)}`);
  }

  createWorkflow(body: TCreateWorkflowRequest): Promise<TWorkflow> {
    return this.request('POST', '/workflows', body);
  }

  /** `body.version` is the one last seen; a stale one fails with 409 `workflow.version_conflict`. */
  updateWorkflow(id: string, body: TUpdateWorkflowRequest): Promise<TWorkflow> {
    return this.request('PATCH', `/workflows/${seg(id)}`, body);
  }

  getWorkflowVersion(id: string, number: number): Promise<TWorkflowVersion> {
    return this.request('GET', `/workflows/${seg(id)}/versions/${number}`);
  }

  /** A chat session on the latest definition, as the owner's Canvas chat has. */
  canvasChatSession(id: string): Promise<TChatSessionResponse> {
    return this.request('POST', `/workflows/${seg(id)}/chatkit/session`);
  }

  publish(id: string, body: TPublishRequest = {}): Promise<TPublishResponse> {
    return this.request('POST', `/workflows/${seg(id)}/publish`, publishBody(body));
  }

  rotatePublishToken(id: string): Promise<TPublishResponse> {
    return this.request('POST', `/workflows/${seg(id)}/publish/rotate`);
  }

  unpublish(id: string): Promise<TWorkflowResponse> {
    return this.request('POST', `/workflows/${seg(id)}/publish/revoke`);
  }

  updatePublish(id: string, body: TUpdatePublishRequest): Promise<TWorkflowResponse> {
    return this.request('PATCH', `/workflows/${seg(id)}/publish`, publishBody(body, ZUpdatePublishRequest));
  }

  listLinks(id: string): Promise<TLinkListResponse> {
    return this.request('GET', `/workflows/${seg(id)}/links`);
  }

  createLink(id: string, body: TCreateLinkRequest): Promise<TLinkTokenResponse> {
    return this.request('POST', `/workflows/${seg(id)}/links`, body);
  }

  rotateLink(id: string, linkId: string): Promise<TLinkTokenResponse> {
    return this.request('POST', `/workflows/${seg(id)}/links/${seg(linkId)}/rotate`);
  }

  /** Resolves once the link is gone (204). */
  deleteLink(id: string, linkId: string): Promise<void> {
    return this.request('DELETE', `/workflows/${seg(id)}/links/${seg(linkId)}`);
  }

  audit(id: string): Promise<TAuditListResponse> {
    return this.request('GET', `/workflows/${seg(id)}/audit`);
  }

  /** Visitor conversations of a published workflow, newest first; `cursor` is the previous page's `next`. */
  listConversations(id: string, query: TConversationQuery = {}): Promise<TConversationListResponse> {
    return this.request('GET', `/workflows/${seg(id)}/conversations${queryString(query)}`);
  }

  /** Per-day analytics (default: the last 30 days) and today's usage against the daily caps. */
  stats(id: string, query: TStatsQuery = {}): Promise<TStatsResponse> {
    return this.request('GET', `/workflows/${seg(id)}/stats${queryString(query)}`);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.apiUrl}/api${path}`;
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${this.token}`,
      'user-agent': this.userAgent,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await this.fetchImpl(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
        // A redirect could carry the token elsewhere: report it instead of following it.
        redirect: 'manual',
      });
    } catch (err) {
      throw new NetworkError(this.apiUrl, describeNetworkFailure(this.apiUrl, err, this.timeoutMs), { cause: err });
    }
    return readJson<T>(res, method, url);
  }
}

/** The JSON body of a wfchat answer, or the `ApiError` it stands for. */
export async function readJson<T>(res: Response, method: string, url: string): Promise<T> {
  if (res.status >= 300 && res.status < 400) {
    const location = res.headers.get('location') ?? 'another address';
    throw new ApiError(
      res.status,
      'response.redirect',
      `${url} redirects to ${location}; use the final address as the API URL`,
    );
  }
  const text = await res.text().catch(() => '');
  const json = parseJson(text);
  if (res.status === 204) return undefined as T;
  if (res.ok) {
    if (json === undefined) {
      throw new ApiError(res.status, 'response.invalid', `${url} did not answer with JSON; is it a wfchat server?`);
    }
    return json as T;
  }
  const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
  if (isErrorBody(json)) throw new ApiError(res.status, json.code, json.message, retryAfter, json.issues);
  throw new ApiError(
    res.status,
    res.status === 404 ? ErrorCode.RouteNotFound : 'response.invalid',
    `${method} ${url} answered ${res.status} without a wfchat error body; is it a wfchat server?`,
    retryAfter,
  );
}

function seg(id: string): string {
  if (!id) throw new ApiError(400, ErrorCode.RequestInvalid, 'a workflow id is required');
  return encodeURIComponent(id);
}

function queryString(query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Publish settings are checked here with the shared schema, so a bad value never leaves the machine. */
function publishBody<T extends TPublishRequest>(body: T, schema: z.ZodType<T> = ZPublishRequest as z.ZodType<T>): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  throw new ApiError(400, ErrorCode.RequestInvalid, `invalid request: ${summary}`, undefined, issues);
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isErrorBody(v: unknown): v is TErrorBody {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { code?: unknown }).code === 'string' &&
    typeof (v as { message?: unknown }).message === 'string'
  );
}

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

export function describeNetworkFailure(apiUrl: string, err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return `${apiUrl} did not answer within ${Math.round(timeoutMs / 1000)} s`;
  }
  const cause = err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
  const detail = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return `could not reach ${apiUrl} (${detail})`;
}
