import {
  ErrorCode,
  ZChatSessionRequest,
  ZChatSessionResponse,
  ZPublicSessionRequest,
  ZPublicSessionResponse,
  ZPublicWorkflow,
} from '@wfchat/contracts';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { json, operation, ZWorkflowIdParams } from '../../common/openapi/openapi.kit.js';

const tag = 'Chat sessions';

export const chatAccessPaths: ZodOpenApiPathsObject = {
  '/api/public/workflows/{id}': {
    get: operation('get', {
      operationId: 'getPublicWorkflow',
      summary: 'A published workflow’s public details',
      description: 'The same 404 whether the workflow never existed or is not published.',
      tag,
      auth: 'public',
      ipLimited: true,
      params: ZWorkflowIdParams,
      responses: { 200: json('Name, require-login and the start screen.', ZPublicWorkflow) },
      errors: { 404: [ErrorCode.WorkflowNotFound] },
    }),
  },
  '/api/public/workflows/{id}/session': {
    post: operation('post', {
      operationId: 'createPublicChatSession',
      summary: 'Exchange a share link’s token for a chat JWT',
      description:
        'The publish token (`wfp_…`, the `#t=` of the share link) travels in the body, never in a URL. ' +
        'When the workflow requires sign-in, the `sid` session cookie must come along. Sets the `vid` visitor ' +
        'cookie when absent. Limited per IP and per IP for minted sessions. An `embed` link’s token works only ' +
        'from the pages of the origins the link lists: the request’s `Origin` must be one of them (a missing ' +
        '`Origin` is refused too), and the answer then allows that origin to read it (CORS with credentials).',
      tag,
      auth: 'public',
      ipLimited: true,
      params: ZWorkflowIdParams,
      body: ZPublicSessionRequest,
      responses: {
        200: {
          ...json('A `public` chat JWT for `/api/chatkit`.', ZPublicSessionResponse),
          headers: z.object({
            'Set-Cookie': z.string().meta({ description: 'The `vid` visitor cookie, when the request had none.' }),
          }),
        },
      },
      errors: {
        401: [ErrorCode.PublishInvalidToken, ErrorCode.AuthLoginRequired],
        403: [ErrorCode.EmbedOriginNotAllowed],
        404: [ErrorCode.WorkflowNotFound, ErrorCode.FeatureDisabled],
      },
    }),
    options: operation('options', {
      operationId: 'preflightPublicChatSession',
      summary: 'CORS preflight of an embed’s session request',
      description:
        'Answers any origin: the POST itself decides who gets a session. Sent by browsers, not called directly.',
      tag,
      auth: 'public',
      ipLimited: true,
      params: ZWorkflowIdParams,
      responses: {
        204: {
          description: 'The request may be sent.',
          headers: z.object({
            'Access-Control-Allow-Origin': z
              .string()
              .optional()
              .meta({ description: 'The request’s `Origin`, when it has one.' }),
            'Access-Control-Allow-Methods': z.literal('POST'),
            'Access-Control-Allow-Headers': z.literal('content-type'),
          }),
        },
      },
    }),
  },
  '/api/workflows/{id}/chatkit/session': {
    post: operation('post', {
      operationId: 'createChatSession',
      summary: 'Mint a chat JWT as the owner',
      description:
        'Without `user`: a `canvas` token that runs the latest saved version (Canvas test chats). With `user` ' +
        'and an owner’s API token: a `public` token for that external user of your own system ' +
        '(`sub: ext:<user>`), published workflows only. Limited per IP.',
      tag,
      auth: 'user',
      params: ZWorkflowIdParams,
      body: ZChatSessionRequest,
      responses: { 200: json('A chat JWT for `/api/chatkit`.', ZChatSessionResponse) },
      errors: {
        403: [ErrorCode.AuthForbidden],
        404: [ErrorCode.WorkflowNotFound, ErrorCode.FeatureDisabled],
        409: [ErrorCode.PublishNotPublished],
        429: [ErrorCode.RateLimited],
      },
    }),
  },
};
