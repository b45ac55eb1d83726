import { z } from 'zod';

/**
 * The ChatKit protocol as this server speaks it (docs: chatkit-protocol.md).
 * Requests are parsed once as a discriminated union on `type`; unknown fields
 * are ignored (stripped), as the protocol allows. Response shapes are plain
 * types: the server builds them, clients read them.
 */
export const CHATKIT_LIMITS = {
  /** Characters of text in one user message (all parts together). */
  messageChars: 8_000,
  titleChars: 200,
  defaultPageSize: 20,
  maxPageSize: 100,
  /** Length of a title derived from the first message. */
  derivedTitleChars: 60,
  /** Characters of an id (threads, items, tags, tools, attachments, models). */
  idChars: 200,
  /**
   * UTF-8 bytes of one request serialized without its message text (tags'
   * data, inference options, attachments, metadata, tool results): the text
   * has its own bound above, everything else shares this one.
   */
  requestBytes: 16 * 1024,
} as const;

/** Bounds of attachments that the protocol itself fixes (size and count limits are server config). */
export const ATTACHMENT_LIMITS = {
  nameChars: 255,
  mimeTypeChars: 255,
  /** Ids in one user message (`UserMessageInput.attachments`); servers may allow fewer. */
  perMessage: 20,
} as const;

const id = z.string().min(1).max(CHATKIT_LIMITS.idChars);
const shortText = z.string().max(CHATKIT_LIMITS.idChars);
const metadata = z.record(z.string(), z.unknown()).optional();

export const ZInputText = z.object({ type: z.literal('input_text'), text: z.string() });
export const ZInputTag = z.object({
  type: z.literal('input_tag'),
  id,
  text: z.string(),
  data: z.record(z.string(), z.unknown()).optional(),
  group: shortText.nullish(),
  interactive: z.boolean().optional(),
});
export const ZUserMessageContent = z.discriminatedUnion('type', [ZInputText, ZInputTag]);

export const ZInferenceOptions = z.object({
  tool_choice: z.object({ id }).nullish(),
  model: shortText.nullish(),
});

export const ZUserMessageInput = z
  .object({
    content: z.array(ZUserMessageContent).max(100),
    attachments: z.array(id).max(ATTACHMENT_LIMITS.perMessage).default([]),
    quoted_text: z.string().nullish(),
    inference_options: ZInferenceOptions.default({}),
  })
  .superRefine((input, ctx) => {
    const chars = input.content.reduce((n, part) => n + part.text.length, 0) + (input.quoted_text?.length ?? 0);
    if (chars > CHATKIT_LIMITS.messageChars) {
      ctx.addIssue({
        code: 'custom',
        path: ['content'],
        message: `a message is at most ${CHATKIT_LIMITS.messageChars} characters`,
      });
    }
  });

const order = z.enum(['asc', 'desc']).default('desc');
const limit = z.number().int().min(1).max(CHATKIT_LIMITS.maxPageSize).optional();
const after = id.nullish();

const op = <T extends string, P extends z.ZodType>(type: T, params: P) =>
  z.object({ type: z.literal(type), params, metadata });

// Streaming operations.
export const ZThreadsCreate = op('threads.create', z.object({ input: ZUserMessageInput }));
export const ZThreadsAddUserMessage = op(
  'threads.add_user_message',
  z.object({ thread_id: id, input: ZUserMessageInput }),
);
export const ZThreadsAddClientToolOutput = op(
  'threads.add_client_tool_output',
  z.object({ thread_id: id, result: z.unknown() }),
);
export const ZThreadsRetryAfterItem = op('threads.retry_after_item', z.object({ thread_id: id, item_id: id }));
export const ZAction = z.object({ type: id, payload: z.unknown().optional() });
export const ZThreadsCustomAction = op(
  'threads.custom_action',
  z.object({ thread_id: id, item_id: id.nullish(), action: ZAction }),
);
export const ZThreadsAddStructuredInput = op('threads.add_structured_input', z.object({}).loose());

// JSON operations.
export const ZThreadsGetById = op('threads.get_by_id', z.object({ thread_id: id }));
export const ZThreadsList = op('threads.list', z.object({ limit, order, after }));
export const ZItemsList = op('items.list', z.object({ thread_id: id, limit, order, after }));
export const ZThreadsUpdate = op(
  'threads.update',
  z.object({ thread_id: id, title: z.string().trim().max(CHATKIT_LIMITS.titleChars) }),
);
export const ZThreadsDelete = op('threads.delete', z.object({ thread_id: id }));
export const ZItemsFeedback = op(
  'items.feedback',
  z.object({ thread_id: id, item_ids: z.array(id).min(1).max(100), kind: z.enum(['positive', 'negative']) }),
);
/**
 * Two-phase upload, step one: declare the file. The answer is an `Attachment`
 * whose `upload_url` (on this API) takes the bytes next: `PUT` (or `POST`) with
 * the file as the raw body (any Content-Type but JSON, e.g. the file's own) and
 * the same `Authorization: Bearer <chat JWT>`; it answers the `Attachment`
 * without `upload_url`. `size` must be the exact byte count; `mime_type` is what
 * the client claims, the server checks the bytes themselves on upload (415
 * `attachment.unsupported_type`, 413 `attachment.too_large`).
 */
export const ZAttachmentCreateParams = z.object({
  name: z.string().trim().min(1).max(ATTACHMENT_LIMITS.nameChars),
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  mime_type: z.string().trim().min(1).max(ATTACHMENT_LIMITS.mimeTypeChars),
});
export type TAttachmentCreateParams = z.infer<typeof ZAttachmentCreateParams>;
export const ZAttachmentsCreate = op('attachments.create', ZAttachmentCreateParams);
export const ZAttachmentsDelete = op('attachments.delete', z.object({ attachment_id: id }));
export const ZInputTranscribe = op('input.transcribe', z.object({}).loose());
export const ZThreadsSyncCustomAction = op('threads.sync_custom_action', z.object({}).loose());

export const ZChatkitRequest = z
  .discriminatedUnion('type', [
    ZThreadsCreate,
    ZThreadsAddUserMessage,
    ZThreadsAddClientToolOutput,
    ZThreadsRetryAfterItem,
    ZThreadsCustomAction,
    ZThreadsAddStructuredInput,
    ZThreadsGetById,
    ZThreadsList,
    ZItemsList,
    ZThreadsUpdate,
    ZThreadsDelete,
    ZItemsFeedback,
    ZAttachmentsCreate,
    ZAttachmentsDelete,
    ZInputTranscribe,
    ZThreadsSyncCustomAction,
  ])
  .meta({ id: 'ChatkitRequest' });

export type TChatkitRequest = z.infer<typeof ZChatkitRequest>;

/**
 * Size of a parsed request in UTF-8 bytes, serialized with its message text
 * left out (that has `messageChars`); compare with `CHATKIT_LIMITS.requestBytes`.
 */
export function chatkitRequestBytes(request: TChatkitRequest): number {
  let counted: object = request;
  if (request.type === 'threads.create' || request.type === 'threads.add_user_message') {
    const { input } = request.params;
    const withoutText = {
      ...input,
      content: input.content.map((part) => ({ ...part, text: '' })),
      quoted_text: null,
    };
    counted = { ...request, params: { ...request.params, input: withoutText } };
  }
  const json = JSON.stringify(counted);
  return new TextEncoder().encode(json).length;
}
export type TChatkitOp = TChatkitRequest['type'];
export type TChatkitRequestOf<T extends TChatkitOp> = Extract<TChatkitRequest, { type: T }>;
export type TUserMessageInput = z.infer<typeof ZUserMessageInput>;
export type TUserMessageContent = z.infer<typeof ZUserMessageContent>;

export const CHATKIT_STREAMING_OPS = [
  'threads.create',
  'threads.add_user_message',
  'threads.add_client_tool_output',
  'threads.retry_after_item',
  'threads.custom_action',
  'threads.add_structured_input',
] as const satisfies readonly TChatkitOp[];
export type TChatkitStreamingOp = (typeof CHATKIT_STREAMING_OPS)[number];

export function isStreamingOp(type: TChatkitOp): type is TChatkitStreamingOp {
  return (CHATKIT_STREAMING_OPS as readonly string[]).includes(type);
}

// ---------------------------------------------------------------------------
// Responses and stream events (null fields are omitted on the wire). The server
// builds them; the schemas document them (OpenAPI) and let tests check them.

const ZPageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), has_more: z.boolean(), after: z.string().optional() });
export type TPage<T> = { data: T[]; has_more: boolean; after?: string };

export const ZThreadStatus = z.discriminatedUnion('type', [
  z.object({ type: z.literal('active') }),
  z.object({ type: z.literal('locked'), reason: z.string().optional() }),
  z.object({ type: z.literal('closed'), reason: z.string().optional() }),
]);
export type TThreadStatus = z.infer<typeof ZThreadStatus>;

export const ZOutputText = z.object({
  type: z.literal('output_text'),
  text: z.string(),
  annotations: z.array(z.unknown()),
});
export type TOutputText = z.infer<typeof ZOutputText>;

const itemBase = { id: z.string(), thread_id: z.string(), created_at: z.string() };

const attachmentBase = {
  id: z.string(),
  name: z.string(),
  /** The type the server sniffed from the bytes once uploaded; the declared one before. */
  mime_type: z.string(),
  /** Present until the bytes are uploaded (two-phase upload), then omitted. */
  upload_url: z.string().optional(),
};
export const ZFileAttachment = z.object({ ...attachmentBase, type: z.literal('file') });
export const ZImageAttachment = z.object({
  ...attachmentBase,
  type: z.literal('image'),
  /**
   * Where the image can be shown from: this API's download URL with a short-lived
   * signature bound to the owner (so an `<img src>` works without headers). Only
   * ever sent to the owner; it expires, a fresh one comes with each read.
   */
  preview_url: z.string(),
});
export const ZAttachment = z.discriminatedUnion('type', [ZFileAttachment, ZImageAttachment]).meta({ id: 'Attachment' });
export type TAttachment = z.infer<typeof ZAttachment>;

export const ZUserMessageItem = z.object({
  ...itemBase,
  type: z.literal('user_message'),
  content: z.array(ZUserMessageContent),
  attachments: z.array(ZAttachment),
  quoted_text: z.string().optional(),
  inference_options: z.object({ tool_choice: z.object({ id: z.string() }).optional(), model: z.string().optional() }),
});
export type TUserMessageItem = z.infer<typeof ZUserMessageItem>;

export const ZAssistantMessageItem = z.object({
  ...itemBase,
  type: z.literal('assistant_message'),
  content: z.array(ZOutputText),
});
export type TAssistantMessageItem = z.infer<typeof ZAssistantMessageItem>;

export const ZThreadItem = z
  .discriminatedUnion('type', [ZUserMessageItem, ZAssistantMessageItem])
  .meta({ id: 'ThreadItem' });
export type TThreadItem = z.infer<typeof ZThreadItem>;

export const ZThreadItemPage = ZPageOf(ZThreadItem);

export const ZThread = z
  .object({
    id: z.string(),
    title: z.string().optional(),
    created_at: z.string(),
    status: ZThreadStatus,
    /** Always `{}`: stored metadata is never sent back. */
    metadata: z.record(z.string(), z.never()),
    items: ZThreadItemPage,
  })
  .meta({ id: 'Thread' });
export type TThread = z.infer<typeof ZThread>;

export const ZThreadPage = ZPageOf(ZThread);

export const ZAssistantMessageUpdate = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('assistant_message.content_part.added'),
    content_index: z.number().int(),
    content: ZOutputText,
  }),
  z.object({
    type: z.literal('assistant_message.content_part.text_delta'),
    content_index: z.number().int(),
    delta: z.string(),
  }),
  z.object({
    type: z.literal('assistant_message.content_part.done'),
    content_index: z.number().int(),
    content: ZOutputText,
  }),
]);
export type TAssistantMessageUpdate = z.infer<typeof ZAssistantMessageUpdate>;

export const ZThreadStreamEvent = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('thread.created'), thread: ZThread }),
    z.object({ type: z.literal('thread.updated'), thread: ZThread }),
    z.object({ type: z.literal('thread.item.added'), item: ZThreadItem }),
    z.object({ type: z.literal('thread.item.done'), item: ZThreadItem }),
    z.object({ type: z.literal('thread.item.replaced'), item: ZThreadItem }),
    z.object({ type: z.literal('thread.item.updated'), item_id: z.string(), update: ZAssistantMessageUpdate }),
    z.object({ type: z.literal('thread.item.removed'), item_id: z.string() }),
    z.object({ type: z.literal('stream_options'), stream_options: z.object({ allow_cancel: z.boolean() }) }),
    z.object({ type: z.literal('progress_update'), icon: z.string().optional(), text: z.string() }),
    z.object({ type: z.literal('client_effect'), name: z.string(), data: z.record(z.string(), z.unknown()) }),
    z.object({ type: z.literal('error'), code: z.string(), message: z.string().optional(), allow_retry: z.boolean() }),
    z.object({
      type: z.literal('notice'),
      level: z.enum(['info', 'warning', 'danger']),
      message: z.string(),
      title: z.string().optional(),
    }),
  ])
  .meta({ id: 'ThreadStreamEvent' });
export type TThreadStreamEvent = z.infer<typeof ZThreadStreamEvent>;

/** What a JSON (non-streaming) operation answers: a thread, a page, an attachment, or `{}` for deletes and feedback. */
export const ZChatkitJsonResponse = z.union([ZThread, ZThreadPage, ZThreadItemPage, ZAttachment, z.object({})]);

/** The visible text of a user message: its text parts and tags, in order. */
export function userMessageText(input: { content: TUserMessageContent[] }): string {
  return input.content
    .map((part) => part.text)
    .join(' ')
    .trim();
}
