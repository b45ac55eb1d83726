import { ErrorCode, ZAttachment } from '@wfchat/contracts';
import { z } from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from 'zod-openapi';
import { json, operation } from '../../common/openapi/openapi.kit.js';

const tag = 'ChatKit';
const params = z.object({ id: z.string().meta({ description: 'The attachment id (`atc_…`) from `attachments.create`.' }) });

/** The file itself, any type but JSON: streamed, never parsed. */
const rawBody = {
  required: true,
  description: 'The file’s bytes, exactly `size` of them as declared. Send the file’s own type as `Content-Type`.',
  content: { 'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) } },
};

const file = (description: string) => ({
  description,
  headers: z.object({
    'Content-Disposition': z.string().meta({ description: '`attachment` (or `inline` for image previews) with the file name.' }),
    'X-Content-Type-Options': z.literal('nosniff'),
    'Content-Security-Policy': z.string().meta({ example: "default-src 'none'; sandbox" }),
  }),
  content: { 'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) } },
});

const uploadErrors = {
  400: [ErrorCode.RequestInvalid],
  401: [ErrorCode.AuthMissingToken, ErrorCode.AuthInvalidToken, ErrorCode.AuthTokenExpired, ErrorCode.AuthTokenRevoked],
  404: [ErrorCode.AttachmentNotFound],
  409: [ErrorCode.AttachmentAlreadyUploaded],
  413: [ErrorCode.AttachmentTooLarge],
  415: [ErrorCode.AttachmentUnsupportedType],
};

const upload = (method: 'put' | 'post'): ZodOpenApiOperationObject => ({
  ...operation(method, {
    operationId: method === 'put' ? 'uploadAttachment' : 'uploadAttachmentByPost',
    summary: method === 'put' ? 'Upload an attachment’s bytes' : 'Upload an attachment’s bytes (POST)',
    description:
      'Step two of the two-phase upload: the `upload_url` of `attachments.create` (`POST /api/chatkit`). The body ' +
      'is streamed to storage; its first bytes must be of the declared type (images, PDF, plain text are ' +
      'recognised; anything else is 415), and it may not exceed the size limit (413, cut as soon as it does). ' +
      'Only the chat principal that created the attachment can upload it, once.',
    tag,
    auth: 'chat',
    ipLimited: true,
    params,
    responses: { 200: json('The attachment, uploaded (without `upload_url`).', ZAttachment) },
    errors: uploadErrors,
  }),
  requestBody: rawBody,
});

export const attachmentsPaths: ZodOpenApiPathsObject = {
  '/api/chatkit/attachments/{id}/content': {
    put: upload('put'),
    post: upload('post'),
    get: operation('get', {
      operationId: 'downloadAttachment',
      summary: 'Download an attachment',
      description:
        'The bytes, to the chat principal that owns the attachment only (others get 404), as a download ' +
        '(`Content-Disposition: attachment`) with `nosniff` and a sandboxing CSP.',
      tag,
      auth: 'chat',
      ipLimited: true,
      params,
      responses: { 200: file('The file.') },
      errors: { 404: [ErrorCode.AttachmentNotFound] },
    }),
  },
  '/api/chatkit/attachments/{id}/preview': {
    get: operation('get', {
      operationId: 'previewAttachment',
      summary: 'Show an image attachment',
      description:
        'The `preview_url` of an image attachment, for `<img src>`: authorised by its signature (`sig`), which ' +
        'the server hands only to the owner and which expires after an hour (each read of the conversation ' +
        'hands out fresh ones). Served inline with `nosniff` and a sandboxing CSP.',
      tag,
      auth: 'public',
      ipLimited: true,
      params,
      query: z.object({ sig: z.string().meta({ description: 'The signature from `preview_url`.' }) }),
      responses: { 200: file('The image.') },
      errors: { 404: [ErrorCode.AttachmentNotFound] },
    }),
  },
};
