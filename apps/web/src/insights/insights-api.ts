import type {
  TConversationListResponse,
  TConversationQuery,
  TStatsResponse,
  TTranscriptResponse,
  TWorkflowLimits,
  TWorkflowResponse,
} from '@wfchat/contracts';
import { request } from '../lib/api.js';

const id = (value: string) => encodeURIComponent(value);

/** `?a=1&b=2` of the defined values, or nothing. */
export function queryString(query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The author's insights endpoints; kept out of lib/api so the public chat route never carries them. */
export const insightsApi = {
  conversations: (workflowId: string, query: TConversationQuery) =>
    request<TConversationListResponse>('GET', `/workflows/${id(workflowId)}/conversations${queryString(query)}`),
  transcript: (workflowId: string, threadId: string) =>
    request<TTranscriptResponse>('GET', `/workflows/${id(workflowId)}/conversations/${id(threadId)}`),
  /** A plain link: the browser downloads the stream itself. */
  exportUrl: (workflowId: string, format: 'jsonl' | 'csv', query: Omit<TConversationQuery, 'limit' | 'cursor'>) =>
    `/api/workflows/${id(workflowId)}/conversations/export${queryString({ ...query, format })}`,
  stats: (workflowId: string, from: string, to: string) =>
    request<TStatsResponse>('GET', `/workflows/${id(workflowId)}/stats${queryString({ from, to })}`),
  setLimits: (workflowId: string, limits: TWorkflowLimits) =>
    request<TWorkflowResponse>('PATCH', `/workflows/${id(workflowId)}/publish`, { limits }),
};
