import { ErrorCode, ZChatkitJsonResponse, ZChatkitQuery, ZChatkitRequest, ZThreadStreamEvent } from '@wfchat/contracts';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { operation } from '../../common/openapi/openapi.kit.js';

export const chatkitPaths: ZodOpenApiPathsObject = {
  '/api/chatkit': {
    post: operation('post', {
      operationId: 'chatkit',
      summary: 'The ChatKit protocol endpoint',
      description:
        'One endpoint for every ChatKit operation, chosen by the body’s `type`. Streaming operations ' +
        '(`threads.create`, `threads.add_user_message`, `threads.retry_after_item`, …) answer Server-Sent Events: ' +
        'each event is `data: <ThreadStreamEvent JSON>` and a blank line, and the stream ends when the body closes; ' +
        'a failure after the stream started is an in-band `error` event. The other operations answer JSON. ' +
        'Threads are scoped to the workflow and the principal of the token. Limited per IP, per principal, ' +
        'per principal’s messages and per published workflow’s messages. A visitor’s message to a workflow over ' +
        'one of its daily caps (`PATCH /api/workflows/{id}/publish` `limits`) answers 429 ' +
        '`workflow.quota_exceeded` with `Retry-After` until the next UTC day, in a new conversation or not. ' +
        '`threads.custom_action` with a `choices.select` action (a click on a `choices` card, a `widget` item) ' +
        'resumes the workflow at that step; a thread that is full is locked (`thread.updated`), and a new turn in ' +
        'a locked thread answers 409 `thread.locked`. With `?trace=1` and a `canvas` token ' +
        '(the author’s test chat), a turn also streams a `workflow` item whose tasks are the steps as they run, ' +
        'and `client_effect` `canvas.run_status` events with every step’s status; visitors never receive them. ' +
        '`attachments.create` answers an `Attachment` whose `upload_url` takes the bytes next ' +
        '(`PUT /api/chatkit/attachments/{id}/content`); attachments are off unless the workflow’s ' +
        '`definition.chat.attachments.enabled`.',
      tag: 'ChatKit',
      auth: 'chat',
      ipLimited: true,
      query: ZChatkitQuery,
      body: ZChatkitRequest,
      responses: {
        200: {
          description: 'A JSON answer (thread, page or `{}`), or an event stream for streaming operations.',
          content: {
            'application/json': { schema: ZChatkitJsonResponse },
            // OpenAPI 3.1 cannot describe a stream's items: this is the JSON of one event's `data:`.
            'text/event-stream': { schema: ZThreadStreamEvent },
          },
        },
      },
      errors: {
        400: [ErrorCode.RequestUnsupported],
        403: [ErrorCode.AttachmentsDisabled],
        409: [
          ErrorCode.ThreadLocked,
          ErrorCode.ChoiceAlreadyMade,
          ErrorCode.ChoiceExpired,
          ErrorCode.AttachmentInUse,
          ErrorCode.AttachmentNotUploaded,
        ],
        413: [ErrorCode.AttachmentTooLarge],
        415: [ErrorCode.AttachmentUnsupportedType],
        401: [
          ErrorCode.AuthMissingToken,
          ErrorCode.AuthInvalidToken,
          ErrorCode.AuthTokenExpired,
          ErrorCode.AuthTokenRevoked,
          ErrorCode.AuthLoginRequired,
        ],
        404: [
          ErrorCode.ThreadNotFound,
          ErrorCode.ItemNotFound,
          ErrorCode.WorkflowNotFound,
          ErrorCode.FeatureDisabled,
          ErrorCode.AttachmentNotFound,
        ],
        429: [ErrorCode.WorkflowQuotaExceeded, ErrorCode.AttachmentLimitReached],
      },
    }),
  },
};
