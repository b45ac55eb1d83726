import type { AppConfig } from '../../config/config.schema.js';

const OPENAI_CHATKIT_ORIGIN = 'https://cdn.platform.openai.com';

/**
 * The policy of every page of the app. Everything is same-origin: no inline
 * script, no inline style element (the chat element uses a constructed
 * stylesheet), no framing unless `frameAncestors` says who may (the public
 * chat page, by its workflow's embeds). Only the hosted OpenAI element, when
 * configured, adds its CDN (script and iframe). `blob:` images are the chat's
 * previews of files a visitor is about to send (object URLs of their own files).
 */
export function contentSecurityPolicy(chatkit: AppConfig['chatkit'], frameAncestors = "'none'"): string {
  const openai = chatkit.element === 'openai' ? ` ${OPENAI_CHATKIT_ORIGIN}` : '';
  return [
    "default-src 'none'",
    `script-src 'self'${openai}`,
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${openai}`,
    `frame-src${openai || " 'none'"}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
    "object-src 'none'",
  ].join('; ');
}
