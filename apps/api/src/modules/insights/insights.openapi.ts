import {
  EXPORT_COLUMNS,
  ErrorCode,
  INSIGHTS_LIMITS,
  ZConversationExportQuery,
  ZConversationListResponse,
  ZConversationQuery,
  ZExportRow,
  ZStatsQuery,
  ZStatsResponse,
  ZTranscriptResponse,
} from '@wfchat/contracts';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { json, operation, ZWorkflowIdParams } from '../../common/openapi/openapi.kit.js';

const tag = 'Insights';
/** Another user's workflow is not found either; queries are validated (GET routes do not get 400 by default). */
const errors = { 400: [ErrorCode.RequestInvalid], 404: [ErrorCode.WorkflowNotFound] };

export const insightsPaths: ZodOpenApiPathsObject = {
  '/api/workflows/{id}/conversations': {
    get: operation('get', {
      operationId: 'listConversations',
      summary: 'Visitors’ conversations with a workflow',
      description:
        'Public-mode threads only (not Canvas test chats), newest first. `q` matches the title or any message, ' +
        'case-insensitively; `from` and `to` are UTC days. Pass `next` as `cursor` for the following page.',
      tag,
      auth: 'user',
      params: ZWorkflowIdParams,
      query: ZConversationQuery,
      responses: { 200: json('A page of conversations.', ZConversationListResponse) },
      errors,
    }),
  },
  '/api/workflows/{id}/conversations/export': {
    get: operation('get', {
      operationId: 'exportConversations',
      summary: 'Download the conversation log',
      description:
        'One row per message of the conversations the filters select, streamed as an attachment. `jsonl`: one ' +
        `JSON object per line. \`csv\`: a header line, then the columns ${EXPORT_COLUMNS.map((c) => `\`${c}\``).join(', ')}; ` +
        "a cell a spreadsheet would run as a formula is prefixed with `'`.",
      tag,
      auth: 'user',
      params: ZWorkflowIdParams,
      query: ZConversationExportQuery,
      responses: {
        200: {
          description: 'The log, as the `format` asked.',
          headers: z.object({
            'Content-Disposition': z.string().meta({
              description: '`attachment; filename="conversations-<id>-<YYYY-MM-DD>.<format>"`.',
            }),
          }),
          content: {
            // OpenAPI 3.1 cannot describe a stream's lines: this is one line's JSON.
            'application/x-ndjson': { schema: ZExportRow },
            'text/csv': { schema: z.string() },
          },
        },
      },
      errors,
    }),
  },
  '/api/workflows/{id}/conversations/{threadId}': {
    get: operation('get', {
      operationId: 'getConversation',
      summary: 'A conversation’s transcript',
      description: `With the feedback the visitor gave each answer. Longer threads show their latest ${INSIGHTS_LIMITS.transcriptItems} items.`,
      tag,
      auth: 'user',
      params: ZWorkflowIdParams.extend({ threadId: z.string().meta({ description: 'The thread id (`thr_…`).' }) }),
      responses: { 200: json('The conversation and its items, oldest first.', ZTranscriptResponse) },
      errors: { 404: [ErrorCode.WorkflowNotFound, ErrorCode.ThreadNotFound] },
    }),
  },
  '/api/workflows/{id}/stats': {
    get: operation('get', {
      operationId: 'getWorkflowStats',
      summary: 'Daily usage of a workflow',
      description:
        `Per UTC day from \`from\` to \`to\` (both included, at most ${INSIGHTS_LIMITS.statsDays} days; default the last ` +
        `${INSIGHTS_LIMITS.statsDaysDefault}), and today’s ` +
        'usage against the daily caps set with `PATCH /api/workflows/{id}/publish`.',
      tag,
      auth: 'user',
      params: ZWorkflowIdParams,
      query: ZStatsQuery,
      responses: { 200: json('The days and today’s usage.', ZStatsResponse) },
      errors,
    }),
  },
};
