import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ErrorCode } from '@wfchat/contracts';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../common/errors/app-error.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { bearerToken } from './auth.guard.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookies ride along on cross-site requests; bearer tokens do not. So a
 * state-changing request that carries cookies and no bearer token must come
 * from our own origin (browsers always send `Origin` on such requests).
 * SameSite=Lax on the cookies is the first line; this is the second.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  private readonly publicOrigin: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.publicOrigin = new URL(config.publicBaseUrl).origin;
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (SAFE_METHODS.has(request.method) || bearerToken(request) || !request.headers.cookie) return true;
    const origin = request.headers.origin;
    const ownOrigin = `${request.protocol}://${request.headers.host}`;
    if (origin && (origin === this.publicOrigin || origin === ownOrigin)) return true;
    throw new AppError(
      403,
      ErrorCode.AuthCsrf,
      origin
        ? 'Cross-site request refused.'
        : 'Missing Origin header: cookie-authenticated requests must come from this site (or use an API token).',
    );
  }
}
