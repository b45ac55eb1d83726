import type {
  TApiTokenListResponse,
  TCreateApiTokenResponse,
  TAuditListResponse,
  TAuthProvidersResponse,
  TChatSessionResponse,
  TCreateLinkRequest,
  TCreateWorkflowRequest,
  TLinkListResponse,
  TLinkResponse,
  TLinkTokenResponse,
  TLoginRequest,
  TPublishRequest,
  TPublishResponse,
  TSignupRequest,
  TUpdateLinkRequest,
  TUpdatePublishRequest,
  TUpdateWorkflowRequest,
  TUserResponse,
  TWorkflow,
  TWorkflowListResponse,
  TWorkflowResponse,
  TWorkflowVersion,
  TWorkflowVersionListResponse,
} from '@wfchat/contracts';
import { pathId as id, request } from './http.js';
import { publicApi } from './public-api.js';

export { ApiError, NETWORK_ERROR, parseRetryAfter, request, type ApiIssue } from './http.js';

export const api = {
  ...publicApi,

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
  updateLink: (workflowId: string, linkId: string, body: TUpdateLinkRequest) =>
    request<TLinkResponse>('PATCH', `/workflows/${id(workflowId)}/links/${id(linkId)}`, body),
  deleteLink: (workflowId: string, linkId: string) =>
    request<void>('DELETE', `/workflows/${id(workflowId)}/links/${id(linkId)}`),

  // Chat sessions
  canvasChatSession: (workflowId: string) =>
    request<TChatSessionResponse>('POST', `/workflows/${id(workflowId)}/chatkit/session`),
};
