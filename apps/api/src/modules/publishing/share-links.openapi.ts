import {
  ErrorCode,
  ZCreateLinkRequest,
  ZLinkListResponse,
  ZLinkResponse,
  ZLinkTokenResponse,
  ZUpdateLinkRequest,
} from '@wfchat/contracts';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { json, noContent, operation, ZWorkflowIdParams } from '../../common/openapi/openapi.kit.js';

const tag = 'Publishing';
/** Links answer 404 `feature.disabled` while `CHATKIT_PUBLISH_ENABLED` is off, like publishing. */
const workflowNotFound = [ErrorCode.WorkflowNotFound, ErrorCode.FeatureDisabled];
const linkNotFound = [...workflowNotFound, ErrorCode.LinkNotFound];
const ZLinkParams = ZWorkflowIdParams.extend({ linkId: z.string().meta({ description: 'The link id (`lnk_…`).' }) });

export const shareLinksPaths: ZodOpenApiPathsObject = {
  '/api/workflows/{id}/links': {
    get: operation('get', {
      operationId: 'listShareLinks',
      summary: 'A workflow’s share links and embeds',
      description: 'Tokens are never listed, only their last characters (`tokenHint`).',
      tag,
      auth: 'user',
      params: ZWorkflowIdParams,
      responses: {
        200: json('The links, oldest first (the first is the one `publish/rotate` rotates).', ZLinkListResponse),
      },
      errors: { 404: workflowNotFound },
    }),
    post: operation('post', {
      operationId: 'createShareLink',
      summary: 'Add a share link or an embed',
      description:
        'A `link` is a URL to share; an `embed` is a script tag that opens chats only from the pages of the ' +
        '`allowedOrigins` it lists (each exactly `scheme://host[:port]`). The token, `shareUrl` and `embedSnippet` ' +
        'are in this response only. Audited.',
      tag,
      auth: 'user',
      params: ZWorkflowIdParams,
      body: ZCreateLinkRequest,
      responses: { 201: json('The new link and its token, shown once.', ZLinkTokenResponse) },
      errors: {
        404: workflowNotFound,
        409: [ErrorCode.PublishNotPublished, ErrorCode.PublishConflict, ErrorCode.LinkLimitReached],
      },
    }),
  },
  '/api/workflows/{id}/links/{linkId}/rotate': {
    post: operation('post', {
      operationId: 'rotateShareLink',
      summary: 'Replace a link’s token',
      description:
        'The old token and every chat session minted from this link stop working at their next request, on ' +
        'every instance; the workflow’s other links are untouched. Audited.',
      tag,
      auth: 'user',
      params: ZLinkParams,
      responses: { 200: json('The link and its new token, shown once.', ZLinkTokenResponse) },
      errors: { 404: linkNotFound, 409: [ErrorCode.PublishConflict] },
    }),
  },
  '/api/workflows/{id}/links/{linkId}': {
    patch: operation('patch', {
      operationId: 'updateShareLink',
      summary: 'Rename a link or change an embed’s allowed origins',
      description:
        'Only embeds have allowed origins, and an embed keeps at least one (400 `request.invalid` otherwise). ' +
        'Idempotent; a change is audited.',
      tag,
      auth: 'user',
      params: ZLinkParams,
      body: ZUpdateLinkRequest,
      responses: { 200: json('The link.', ZLinkResponse) },
      errors: { 404: linkNotFound },
    }),
    delete: operation('delete', {
      operationId: 'deleteShareLink',
      summary: 'Delete a link',
      description:
        'Its token and every chat session minted from it stop working at their next request, on every instance. ' +
        'Audited.',
      tag,
      auth: 'user',
      params: ZLinkParams,
      responses: { 204: noContent('Deleted.') },
      errors: { 404: linkNotFound },
    }),
  },
};
