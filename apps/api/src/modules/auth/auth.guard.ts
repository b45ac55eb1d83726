import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { API_TOKEN_PREFIX, ErrorCode } from '@wfchat/contracts';
import type { FastifyRequest } from 'fastify';
import { IS_PUBLIC } from '../../common/auth/public.decorator.js';
import { ROUTE_AUTH } from '../../common/auth/route-auth.js';
import { AppError, Errors } from '../../common/errors/app-error.js';
import { ApiTokensService } from '../api-tokens/api-tokens.service.js';
import { SESSION_COOKIE } from './session-cookie.js';
import { SessionsService } from './sessions.service.js';
import { routeMetadata } from '../../common/auth/route-metadata.js';

/** The bearer credential of a request, if any. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [scheme, value] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && value ? value.trim() : undefined;
}

/**
 * Deny by default: every route needs a signed-in user (session cookie or API
 * token) unless marked `@Public()` or authenticated by a chat credential
 * (`@ChatAuth()`, checked by the chat guard). Public routes still learn who
 * is signed in, e.g. for `requireLogin`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly apiTokens: ApiTokensService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = routeMetadata<boolean>(this.reflector, IS_PUBLIC, context) === true;
    const routeAuth = routeMetadata<string>(this.reflector, ROUTE_AUTH, context);
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (routeAuth === 'chat') return true;

    const bearer = bearerToken(request);
    if (bearer?.startsWith(API_TOKEN_PREFIX)) {
      const user = await this.apiTokens.authenticate(bearer);
      if (user) request.userAuth = { user, via: 'api_token' };
      else if (!isPublic) throw new AppError(401, ErrorCode.AuthInvalidToken, 'The API token is invalid or was revoked.');
    } else {
      const cookie = request.cookies?.[SESSION_COOKIE];
      const session = cookie ? await this.sessions.resolve(cookie) : null;
      if (session) request.userAuth = { user: session.user, via: 'session', sessionId: session.sessionId };
    }
    if (isPublic || request.userAuth) return true;
    throw Errors.unauthenticated();
  }
}
