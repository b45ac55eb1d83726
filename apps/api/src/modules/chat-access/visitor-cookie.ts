import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomToken } from '../../common/crypto/tokens.js';

export const VISITOR_COOKIE = 'vid';
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * The anonymous visitor's id: an opaque random value in an HttpOnly cookie,
 * created on first visit. On another site's page (an embed) the cookie is a
 * third-party one: browsers keep it only as `SameSite=None; Secure;
 * Partitioned` (CHIPS), in a jar of that site alone, so the visitor's history
 * persists there without being a cross-site tracker. Chromium treats
 * http://localhost and 127.0.0.1 as secure, so this works in development too.
 */
export function visitorId(request: FastifyRequest, reply: FastifyReply, secure: boolean, crossSite = false): string {
  const existing = request.cookies[VISITOR_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{16,64}$/.test(existing)) return existing;
  const vid = randomToken('', 18);
  const scope = crossSite ? { sameSite: 'none' as const, secure: true, partitioned: true } : { sameSite: 'lax' as const, secure };
  reply.setCookie(VISITOR_COOKIE, vid, { httpOnly: true, path: '/', maxAge: ONE_YEAR_SECONDS, ...scope });
  return vid;
}
