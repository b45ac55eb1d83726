import { z } from 'zod';
import { ZAuthProvidersResponse } from './auth.js';
import { ZChatTheme } from './definition.js';
import { ZLink } from './links.js';
import { ZWorkflowLimits } from './insights.js';
import { ZWorkflow } from './workflows.js';

export const PUBLISH_TOKEN_PREFIX = 'wfp_';
/** `wfp_` + 43 base64url characters (256 bits). */
export const PUBLISH_TOKEN_PATTERN = /^wfp_[A-Za-z0-9_-]{43}$/;

export const ZPublishRequest = z.strictObject({
  requireLogin: z.boolean().optional(),
  /** A saved definition version to pin; default: the latest. */
  version: z.number().int().positive().optional(),
});
export type TPublishRequest = z.infer<typeof ZPublishRequest>;

export const ZUpdatePublishRequest = ZPublishRequest.extend({
  /** Daily caps for visitors; a key left out stays as it is, null clears it. */
  limits: ZWorkflowLimits.optional(),
});
export type TUpdatePublishRequest = z.infer<typeof ZUpdatePublishRequest>;

/** The only responses that ever carry the publish token. */
export const ZPublishResponse = z.object({
  workflow: ZWorkflow,
  publishToken: z.string(),
  /** `${PUBLIC_BASE_URL}/chat/<id>#t=<token>`: the token rides in the fragment, never sent to a server. */
  shareUrl: z.string(),
  /** The workflow's first link, whose token this is. */
  link: ZLink,
});
export type TPublishResponse = z.infer<typeof ZPublishResponse>;

export const ZWorkflowResponse = z.object({ workflow: ZWorkflow });
export type TWorkflowResponse = z.infer<typeof ZWorkflowResponse>;

export const AUDIT_ACTIONS = [
  'publish',
  'rotate',
  'revoke',
  'require_login.on',
  'require_login.off',
  'version.change',
  'link.create',
  'link.rotate',
  'link.update',
  'link.delete',
  'limits.change',
] as const;
export type TAuditAction = (typeof AUDIT_ACTIONS)[number];

export const ZAuditEvent = z
  .object({
    id: z.string(),
    action: z.enum(AUDIT_ACTIONS),
    actor: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }).nullable(),
    /** Masked, e.g. `…a1B2`. */
    tokenHint: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'AuditEvent' });
export type TAuditEvent = z.infer<typeof ZAuditEvent>;
export const ZAuditListResponse = z.object({ data: z.array(ZAuditEvent) });
export type TAuditListResponse = z.infer<typeof ZAuditListResponse>;

// --- Public page and chat sessions -------------------------------------------------

/** What the chat element needs to show the attach button and check files before sending. */
export const ZPublicAttachments = z.object({
  enabled: z.literal(true),
  /** Exact MIME types accepted (for the file picker's `accept`). */
  accept: z.array(z.string()),
  maxSizeBytes: z.number().int(),
  maxFilesPerMessage: z.number().int(),
});
export type TPublicAttachments = z.infer<typeof ZPublicAttachments>;

export const ZPublicWorkflow = z.object({
  id: z.string(),
  name: z.string(),
  requireLogin: z.boolean(),
  /** The published version's `definition.chat`: start screen and appearance. */
  chat: z.object({
    title: z.string().nullable(),
    greeting: z.string().nullable(),
    prompts: z.array(z.object({ label: z.string(), prompt: z.string() })),
    placeholder: z.string().nullable(),
    disclaimer: z.string().nullable(),
    theme: ZChatTheme,
    locale: z.string().optional(),
    /** Effective attachment settings (workflow switch narrowed by server limits); absent when off. */
    attachments: ZPublicAttachments.optional(),
  }),
});
export type TPublicWorkflow = z.infer<typeof ZPublicWorkflow>;

export const ZPublicSessionRequest = z.strictObject({ publishToken: z.string().min(1).max(200) });
export type TPublicSessionRequest = z.infer<typeof ZPublicSessionRequest>;

/**
 * An end user of the caller's own system, for server-to-server chat sessions.
 * Bounded so it stays a key, not a payload: printable ASCII without spaces.
 */
export const EXTERNAL_USER_ID = /^[A-Za-z0-9._:@+-]{1,128}$/;

/**
 * `POST /workflows/:id/chatkit/session`. Without `user` (Canvas): a `canvas`
 * token for the owner. With `user` and an owner's API token: a `public` token
 * whose principal is `ext:<user>` (published workflows only).
 */
export const ZChatSessionRequest = z.strictObject({
  user: z
    .string()
    .regex(EXTERNAL_USER_ID, 'user: 1 to 128 characters of A-Z a-z 0-9 . _ : @ + -')
    .optional(),
});
export type TChatSessionRequest = z.infer<typeof ZChatSessionRequest>;

export const ZChatSessionResponse = z.object({
  /** A chat JWT for `Authorization: Bearer` on `/api/chatkit`. */
  token: z.string(),
  /** ISO time; renew before it. */
  expiresAt: z.string(),
});
export type TChatSessionResponse = z.infer<typeof ZChatSessionResponse>;

export const ZPublicSessionResponse = ZChatSessionResponse.extend({
  workflow: z.object({ id: z.string(), name: z.string(), requireLogin: z.boolean() }),
});
export type TPublicSessionResponse = z.infer<typeof ZPublicSessionResponse>;

export const CHAT_JWT_AUDIENCE = 'chatkit';
export type TChatMode = 'canvas' | 'public';

export interface TLinkClaim {
  id: string;
  gen: number;
}

/** Claims of a chat JWT (see the product spec, "Tokens"). */
export interface TChatTokenClaims {
  iss: string;
  aud: typeof CHAT_JWT_AUDIENCE;
  sub: string;
  wf: string;
  mode: TChatMode;
  gen?: number;
  /** The share link the session was minted from, and its generation then (`public` sessions from a link). */
  lnk?: TLinkClaim;
  ver: number;
  iat: number;
  exp: number;
  jti: string;
}

// --- What the web app needs to know at start ---------------------------------------

export const ZClientConfig = z.object({
  features: z.object({ publish: z.boolean(), canvasChat: z.boolean() }),
  chatkit: z.object({ element: z.enum(['builtin', 'openai']), domainKey: z.string().nullable() }),
  auth: ZAuthProvidersResponse,
});
export type TClientConfig = z.infer<typeof ZClientConfig>;

// --- Telemetry (Canvas chat bubble) --------------------------------------------------

export const TELEMETRY_EVENTS = [
  'canvas.chat.open',
  'canvas.chat.close',
  'canvas.chat.session.success',
  'canvas.chat.session.failure',
] as const;
export const ZTelemetryRequest = z.strictObject({
  event: z.enum(TELEMETRY_EVENTS),
  workflowId: z.string().max(100).optional(),
  code: z.string().max(100).optional(),
});
export type TTelemetryRequest = z.infer<typeof ZTelemetryRequest>;
