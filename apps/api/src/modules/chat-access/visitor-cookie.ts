import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomToken } from '../../common/crypto/tokens.js';

export const VISITOR_COOKIE = 'vid';
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** The anonymous visitor's id: an opaque random value in an HttpOnly cookie, created on first visit. */
export function visitorId(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = request.cookies[VISITOR_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{16,64}$/.test(existing)) return existing;
  const vid = randomToken('', 18);
  reply.setCookie(VISITOR_COOKIE, vid, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: ONE_YEAR_SECONDS });
  return vid;
}
