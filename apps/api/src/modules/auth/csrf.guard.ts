import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ErrorCode } from '@wfchat/contracts';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { CROSS_SITE_CHECKED } from '../../common/auth/cross-site-checked.decorator.js';
import { AppError } from '../../common/errors/app-error.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { bearerToken } from './auth.guard.js';
import { routeMetadata } from '../../common/auth/route-metadata.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** `none`: started by the user (address bar, bookmark), never by another page. */
const TRUSTED_FETCH_SITES = new Set(['same-origin', 'none']);

const refused = (message: string) => new AppError(403, ErrorCode.AuthCsrf, message);

/**
 * Every state-changing request that is not Bearer-authenticated must prove it
 * comes from this site, cookies or not: a cookieless login or sign-up from
 * another site would sign the browser into the attacker's account. Browsers
 * send `Origin` on every POST/PATCH/DELETE and `Sec-Fetch-Site` on every
 * request; page scripts can set neither. A request with neither header comes
 * from a non-browser client (CLI, server), and is admitted unless it carries
 * cookies. Decision and browser behaviour: docs/concepts/browser-security.md.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  private readonly publicOrigin: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly reflector: Reflector,
  ) {
    this.publicOrigin = new URL(config.publicBaseUrl).origin;
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (SAFE_METHODS.has(request.method) || bearerToken(request)) return true;
    // The route checks the caller's origin itself, against what it serves (embeds).
    if (routeMetadata<boolean>(this.reflector, CROSS_SITE_CHECKED, context)) return true;
    assertSameSite(request, this.publicOrigin);
    return true;
  }
}

/** Throws 403 `auth.csrf_rejected` unless the request comes from this site (or from no browser, without cookies). */
export function assertSameSite(request: FastifyRequest, publicOrigin: string): void {
  const origin = request.headers.origin;
  if (origin !== undefined) {
    if (isOwnOrigin(request, publicOrigin)) return;
    throw refused('Cross-site request refused.');
  }
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') {
    if (TRUSTED_FETCH_SITES.has(site)) return;
    throw refused('Cross-site request refused.');
  }
  if (!request.headers.cookie) return;
  throw refused('Missing Origin header: cookie-authenticated requests must come from this site (or use an API token).');
}

/** Does the request's `Origin` name this server (its public URL, or the host it was reached at)? */
export function isOwnOrigin(request: FastifyRequest, publicOrigin: string): boolean {
  const origin = request.headers.origin;
  return origin === publicOrigin || origin === `${request.protocol}://${request.headers.host}`;
}
