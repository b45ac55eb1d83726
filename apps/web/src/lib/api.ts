import type {
  TApiTokenListResponse,
  TCreateApiTokenResponse,
  TAuditListResponse,
  TAuthProvidersResponse,
  TChatSessionResponse,
  TClientConfig,
  TCreateLinkRequest,
  TCreateWorkflowRequest,
  TLinkListResponse,
  TLinkTokenResponse,
  TLoginRequest,
  TPublicSessionResponse,
  TPublicWorkflow,
  TPublishRequest,
  TPublishResponse,
  TSignupRequest,
  TUpdatePublishRequest,
  TUpdateWorkflowRequest,
  TUserResponse,
  TWorkflow,
  TWorkflowListResponse,
  TWorkflowResponse,
  TWorkflowVersion,
  TWorkflowVersionListResponse,
} from '@wfchat/contracts';

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

const id = (value: string) => encodeURIComponent(value);

export const api = {
  config: () => request<TClientConfig>('GET', '/config'),

  // Auth
  me: () => request<TUserResponse>('GET', '/auth/me'),
  login: (body: TLoginRequest) => request<TUserResponse>('POST', '/auth/login', body),
  signup: (body: TSignupRequest) => request<TUserResponse>('POST', '/auth/signup', body),
  logout: () => request<void>('POST', '/auth/logout'),
  providers: () => request<TAuthProvidersResponse>('GET', '/auth/providers'),
  listApiTokens: () => request<TApiTokenListResponse>('GET', '/auth/tokens'),
  createApiToken: (name: string) => request<TCreateApiTokenResponse>('POST', '/auth/tokens', { name }),
  revokeApiToken: (tokenId: string) => request<void>('DELETE', `/auth/tokens/${id(tokenId)}`),

  // Workflows
  listWorkflows: () => request<TWorkflowListResponse>('GET', '/workflows'),
  createWorkflow: (body: TCreateWorkflowRequest) => request<TWorkflow>('POST', '/workflows', body),
  getWorkflow: (workflowId: string) => request<TWorkflow>('GET', `/workflows/${id(workflowId)}`),
  updateWorkflow: (workflowId: string, body: TUpdateWorkflowRequest) =>
    request<TWorkflow>('PATCH', `/workflows/${id(workflowId)}`, body),
  deleteWorkflow: (workflowId: string) => request<void>('DELETE', `/workflows/${id(workflowId)}`),
  listVersions: (workflowId: string) =>
    request<TWorkflowVersionListResponse>('GET', `/workflows/${id(workflowId)}/versions`),
  getVersion: (workflowId: string, number: number) =>
    request<TWorkflowVersion>('GET', `/workflows/${id(workflowId)}/versions/${number}`),

  // Publishing
  publish: (workflowId: string, body: TPublishRequest) =>
    request<TPublishResponse>('POST', `/workflows/${id(workflowId)}/publish`, body),
  rotate: (workflowId: string) => request<TPublishResponse>('POST', `/workflows/${id(workflowId)}/publish/rotate`),
  revoke: (workflowId: string) => request<TWorkflowResponse>('POST', `/workflows/${id(workflowId)}/publish/revoke`),
  updatePublish: (workflowId: string, body: TUpdatePublishRequest) =>
    request<TWorkflowResponse>('PATCH', `/workflows/${id(workflowId)}/publish`, body),
  audit: (workflowId: string) => request<TAuditListResponse>('GET', `/workflows/${id(workflowId)}/audit`),

  // Share links and embeds
  listLinks: (workflowId: string) => request<TLinkListResponse>('GET', `/workflows/${id(workflowId)}/links`),
  createLink: (workflowId: string, body: TCreateLinkRequest) =>
    request<TLinkTokenResponse>('POST', `/workflows/${id(workflowId)}/links`, body),
  rotateLink: (workflowId: string, linkId: string) =>
    request<TLinkTokenResponse>('POST', `/workflows/${id(workflowId)}/links/${id(linkId)}/rotate`),
  deleteLink: (workflowId: string, linkId: string) =>
    request<void>('DELETE', `/workflows/${id(workflowId)}/links/${id(linkId)}`),

  // Chat sessions
  canvasChatSession: (workflowId: string) =>
    request<TChatSessionResponse>('POST', `/workflows/${id(workflowId)}/chatkit/session`),
  publicWorkflow: (workflowId: string) => request<TPublicWorkflow>('GET', `/public/workflows/${id(workflowId)}`),
  publicSession: (workflowId: string, publishToken: string) =>
    request<TPublicSessionResponse>('POST', `/public/workflows/${id(workflowId)}/session`, { publishToken }),
};
