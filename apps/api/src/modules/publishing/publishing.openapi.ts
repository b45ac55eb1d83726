import {
  ErrorCode,
  ZAuditListResponse,
  ZPublishRequest,
  ZPublishResponse,
  ZUpdatePublishRequest,
  ZWorkflowResponse,
} from '@wfchat/contracts';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { json, operation, ZWorkflowIdParams } from '../../common/openapi/openapi.kit.js';

const tag = 'Publishing';
/** Publishing answers 404 `feature.disabled` while `CHATKIT_PUBLISH_ENABLED` is off. */
const notFound = [ErrorCode.WorkflowNotFound, ErrorCode.FeatureDisabled];
const raced = ErrorCode.PublishConflict;
/** Errors of the actions on a published workflow. */
const onPublished = { 404: notFound, 409: [ErrorCode.PublishNotPublished, raced] };

export const publishingPaths: ZodOpenApiPathsObject = {
  '/api/workflows/{id}/publish': {
    post: operation('post', {
      operationId: 'publishWorkflow',
      summary: 'Publish a workflow',
      description:
        'Pins a saved version (default: the latest) and creates the first share link (`link`). The publish token ' +
        '(`wfp_…`) and the `shareUrl` that carries it in its fragment are in this response only.',
      tag,
      auth: 'user',
      params: ZWorkflowIdParams,
      body: ZPublishRequest,
      responses: { 201: json('Published: the token is shown once.', ZPublishResponse) },
      errors: {
        404: [...notFound, ErrorCode.WorkflowVersionNotFound],
        409: [ErrorCode.PublishAlreadyPublished, raced],
      },
    }),
    patch: operation('patch', {
      operationId: 'updatePublishing',
      summary: 'Change require-login, the pinned version or the daily caps',
      description:
        'Idempotent. Turning require-login on cuts anonymous chats at their next request. `limits` caps the ' +
        'visitors’ messages and LLM tokens per UTC day (`null` removes a cap); over a cap, chat answers 429 ' +
        '`workflow.quota_exceeded` until the next UTC day. Each change is audited.',
      tag,
      auth: 'user',
      params: ZWorkflowIdParams,
      body: ZUpdatePublishRequest,
      responses: { 200: json('The workflow.', ZWorkflowResponse) },
      errors: {
        404: [...notFound, ErrorCode.WorkflowVersionNotFound],
        409: [ErrorCode.PublishNotPublished, raced],
      },
    }),
  },
  '/api/workflows/{id}/publish/rotate': {
    post: operation('post', {
      operationId: 'rotatePublishToken',
      summary: 'Replace the first share link’s token',
      description:
        'The old token and every chat session minted from it stop working at their next request, on every instance. ' +
        'The other links are untouched (rotate them with `POST /api/workflows/{id}/links/{linkId}/rotate`).',
      tag,
      auth: 'user',
      params: ZWorkflowIdParams,
      responses: { 200: json('The new token, shown once.', ZPublishResponse) },
      errors: onPublished,
    }),
  },
  '/api/workflows/{id}/publish/revoke': {
    post: operation('post', {
      operationId: 'unpublishWorkflow',
      summary: 'Unpublish a workflow',
      description: 'Every share link and every public chat session stop working at their next request.',
      tag,
      auth: 'user',
      params: ZWorkflowIdParams,
      responses: { 200: json('The workflow, no longer public.', ZWorkflowResponse) },
      errors: onPublished,
    }),
  },
  '/api/workflows/{id}/audit': {
    get: operation('get', {
      operationId: 'listAuditEvents',
      summary: 'The publishing history of a workflow',
      tag,
      auth: 'user',
      params: ZWorkflowIdParams,
      responses: { 200: json('Publish, rotate, revoke and setting changes, newest first.', ZAuditListResponse) },
      errors: { 404: [ErrorCode.WorkflowNotFound] },
    }),
  },
};
