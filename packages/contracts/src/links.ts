import { z } from 'zod';

/** `link`: a URL to share. `embed`: a script tag, usable only from the origins it lists. */
export const LINK_KINDS = ['link', 'embed'] as const;
export type TLinkKind = (typeof LINK_KINDS)[number];

/** Bounds that keep a workflow's link list (checked on every chat request) small. */
export const MAX_LINKS_PER_WORKFLOW = 50;
export const MAX_ALLOWED_ORIGINS = 20;

/**
 * `true` when `value` is exactly an origin as browsers send it in `Origin`:
 * `http(s)://host[:port]`, lower case, no path, no trailing slash, no default port.
 */
export function isExactOrigin(value: string): boolean {
  if (value.length > 200) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

const ZOrigin = z.string().max(200).refine(isExactOrigin, {
  message: 'Each origin is exactly scheme://host[:port], e.g. https://www.example.com (no path, no trailing slash).',
});
const ZOrigins = z.array(ZOrigin).max(MAX_ALLOWED_ORIGINS);
const ZLabel = z.string().trim().min(1, 'Give the link a label.').max(80);

export const ZLink = z
  .object({
    id: z.string(),
    label: z.string(),
    kind: z.enum(LINK_KINDS),
    /** The token's last 4 characters, for recognising it. */
    tokenHint: z.string(),
    allowedOrigins: z.array(z.string()),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    rotatedAt: z.string().nullable(),
  })
  .meta({ id: 'Link' });
export type TLink = z.infer<typeof ZLink>;

export const ZLinkListResponse = z.object({ data: z.array(ZLink) });
export type TLinkListResponse = z.infer<typeof ZLinkListResponse>;

export const ZCreateLinkRequest = z
  .strictObject({
    label: ZLabel,
    kind: z.enum(LINK_KINDS).optional(),
    allowedOrigins: ZOrigins.optional(),
  })
  .superRefine((v, ctx) => {
    const embed = v.kind === 'embed';
    if (embed && !v.allowedOrigins?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['allowedOrigins'],
        message: 'An embed needs at least one website origin it may be used on.',
      });
    }
    if (!embed && v.allowedOrigins?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['allowedOrigins'],
        message: 'Only embeds have allowed origins; use kind "embed".',
      });
    }
  });
export type TCreateLinkRequest = z.infer<typeof ZCreateLinkRequest>;

export const ZUpdateLinkRequest = z.strictObject({
  label: ZLabel.optional(),
  allowedOrigins: ZOrigins.optional(),
});
export type TUpdateLinkRequest = z.infer<typeof ZUpdateLinkRequest>;

/** The only responses that ever carry a link's token. */
export const ZLinkTokenResponse = z.object({
  link: ZLink,
  publishToken: z.string(),
  /** `${PUBLIC_BASE_URL}/chat/<id>#t=<token>`. */
  shareUrl: z.string(),
  /** For `embed` links: the script tag to paste into the website. */
  embedSnippet: z.string().optional(),
});
export type TLinkTokenResponse = z.infer<typeof ZLinkTokenResponse>;

export const ZLinkResponse = z.object({ link: ZLink });
export type TLinkResponse = z.infer<typeof ZLinkResponse>;

/** The loader a website includes; the token is the embed link's. */
export const embedSnippet = (publicBaseUrl: string, workflowId: string, token: string) =>
  `<script src="${publicBaseUrl}/embed.js" data-workflow="${workflowId}" data-token="${token}" async></script>`;
