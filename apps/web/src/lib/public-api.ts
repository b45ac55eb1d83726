import type { TClientConfig, TPublicSessionResponse, TPublicWorkflow } from '@wfchat/contracts';
import { pathId as id, request } from './http.js';

/** The calls the public chat page makes: kept apart so its bundle carries none of Canvas's. */
export const publicApi = {
  config: () => request<TClientConfig>('GET', '/config'),
  publicWorkflow: (workflowId: string) => request<TPublicWorkflow>('GET', `/public/workflows/${id(workflowId)}`),
  publicSession: (workflowId: string, publishToken: string) =>
    request<TPublicSessionResponse>('POST', `/public/workflows/${id(workflowId)}/session`, { publishToken }),
};
