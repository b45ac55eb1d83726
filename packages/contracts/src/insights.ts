import { z } from 'zod';
import { ZAssistantMessageItem, ZUserMessageItem, ZWidgetItem } from './chatkit.js';

/** Bounds of the insights endpoints: every query does work linear in these. */
export const INSIGHTS_LIMITS = {
  pageSizeDefault: 20,
  pageSizeMax: 100,
  searchChars: 200,
  /** Items a transcript shows; longer threads are cut at the oldest ones. */
  transcriptItems: 1000,
  /** Days one stats query may cover. */
  statsDays: 366,
  statsDaysDefault: 30,
} as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ZDay = z
  .string()
  .regex(DATE, 'a date as YYYY-MM-DD')
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'a real calendar date',
  );

export const ZFeedbackKind = z.enum(['positive', 'negative']);
export type TFeedbackKind = z.infer<typeof ZFeedbackKind>;

export const ZConversationQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(INSIGHTS_LIMITS.pageSizeMax).optional(),
  /** Opaque, from `next` of the previous page. */
  cursor: z.string().max(200).optional(),
  feedback: ZFeedbackKind.optional(),
  /** Text the title or any message contains (case-insensitive). */
  q: z.string().trim().max(INSIGHTS_LIMITS.searchChars).optional(),
  /** Conversations started on or after this UTC day… */
  from: ZDay.optional(),
  /** …and on or before this one. */
  to: ZDay.optional(),
});
export type TConversationQuery = z.infer<typeof ZConversationQuery>;

/**
 * Who had the conversation, as the author may see it: a signed-in visitor by
 * account email; an anonymous visitor or an owner's end user (`external`) by a
 * stable pseudonym that reveals no id, cookie or email.
 */
export const ZConversationVisitor = z.object({
  kind: z.enum(['visitor', 'user', 'external']),
  label: z.string(),
});
export type TConversationVisitor = z.infer<typeof ZConversationVisitor>;

export const ZConversation = z
  .object({
    threadId: z.string(),
    title: z.string().nullable(),
    visitor: ZConversationVisitor,
    /** The share link it came through, when known. */
    linkId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    messages: z.number().int(),
    feedback: z.object({ positive: z.number().int(), negative: z.number().int() }),
  })
  .meta({ id: 'Conversation' });
export type TConversation = z.infer<typeof ZConversation>;

export const ZConversationListResponse = z.object({ data: z.array(ZConversation), next: z.string().nullable() });
export type TConversationListResponse = z.infer<typeof ZConversationListResponse>;

/** A transcript item with the feedback the visitor gave it. */
const withFeedback = { feedback: ZFeedbackKind.nullable() };
export const ZTranscriptItem = z.discriminatedUnion('type', [
  ZUserMessageItem.extend(withFeedback),
  ZAssistantMessageItem.extend(withFeedback),
  ZWidgetItem.extend(withFeedback),
]);
export type TTranscriptItem = z.infer<typeof ZTranscriptItem>;

export const ZTranscriptResponse = z.object({ conversation: ZConversation, items: z.array(ZTranscriptItem) });
export type TTranscriptResponse = z.infer<typeof ZTranscriptResponse>;

export const EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export const ZConversationExportQuery = ZConversationQuery.omit({ limit: true, cursor: true }).extend({
  format: z.enum(EXPORT_FORMATS),
});
export type TConversationExportQuery = z.infer<typeof ZConversationExportQuery>;

/** One line of a JSONL export (one message), and the columns of a CSV export, in this order. */
export const EXPORT_COLUMNS = [
  'threadId',
  'threadCreatedAt',
  'visitorKind',
  'visitorLabel',
  'linkId',
  'itemId',
  'createdAt',
  'role',
  'text',
  'feedback',
] as const;
export const ZExportRow = z.object(
  Object.fromEntries(EXPORT_COLUMNS.map((column) => [column, z.string().nullable()])) as Record<
    (typeof EXPORT_COLUMNS)[number],
    z.ZodNullable<z.ZodString>
  >,
);
export type TExportRow = z.infer<typeof ZExportRow>;

export const ZStatsQuery = z
  .strictObject({ from: ZDay.optional(), to: ZDay.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });
export type TStatsQuery = z.infer<typeof ZStatsQuery>;

export const ZStatsDay = z.object({
  date: z.string(),
  conversations: z.number().int(),
  messages: z.number().int(),
  visitors: z.number().int(),
  positive: z.number().int(),
  negative: z.number().int(),
  errors: z.number().int(),
  ttftP50Ms: z.number().nullable(),
  ttftP95Ms: z.number().nullable(),
  llmTokensIn: z.number().int(),
  llmTokensOut: z.number().int(),
});
export type TStatsDay = z.infer<typeof ZStatsDay>;

const cap = z.number().int().positive().max(1_000_000_000).nullable();
export const ZWorkflowLimits = z.strictObject({ messagesPerDay: cap.optional(), llmTokensPerDay: cap.optional() });
export type TWorkflowLimits = z.infer<typeof ZWorkflowLimits>;

export const ZStatsResponse = z.object({
  days: z.array(ZStatsDay),
  /** Today's (UTC) usage against the caps, as enforced. */
  usage: z.object({
    date: z.string(),
    messages: z.number().int(),
    llmTokens: z.number().int(),
    messagesPerDay: z.number().int().nullable(),
    llmTokensPerDay: z.number().int().nullable(),
  }),
});
export type TStatsResponse = z.infer<typeof ZStatsResponse>;
