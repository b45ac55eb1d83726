import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCode, PUBLISH_TOKEN_PREFIX } from '@wfchat/contracts';
import type { FastifyRequest } from 'fastify';
import type { ChatAuthContext } from '../../common/auth/auth-context.js';
import { ROUTE_AUTH } from '../../common/auth/route-auth.js';
import { AppError, Errors } from '../../common/errors/app-error.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { bearerToken } from '../auth/auth.guard.js';
import { ShareLinksService } from '../publishing/share-links.service.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { ChatTokensService } from './chat-tokens.service.js';
import { checkEmbedOrigin } from './embed-origin.js';
import { isAnonymousVisitor, oneRequestPrincipal } from './principals.js';
import { WorkflowAccessCache } from './workflow-access.cache.js';
import { routeMetadata } from '../../common/auth/route-metadata.js';

const loginRequired = () => new AppError(401, ErrorCode.AuthLoginRequired, 'Sign in to chat with this workflow.');
const revoked = () =>
  new AppError(401, ErrorCode.AuthTokenRevoked, 'This chat link was revoked or replaced. Ask the owner for a new link.');

/**
 * Authenticates `@ChatAuth()` routes: a chat JWT, or a publish token for
 * server-to-server use. A public token stays valid only while the workflow is
 * published with the generation it was issued for, checked on every request
 * (from the access cache, so without a database round trip in steady state).
 * A JWT is checked before the route's deferred per-IP limit is counted (a
 * signature check costs no I/O), so the handler counts that limit together
 * with the principal's in one step; a refused request still counts it here.
 */
@Injectable()
export class ChatAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: ChatTokensService,
    private readonly access: WorkflowAccessCache,
    private readonly links: ShareLinksService,
    private readonly rateLimits: RateLimitService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const routeAuth = routeMetadata<string>(this.reflector, ROUTE_AUTH, context);
    if (routeAuth !== 'chat') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const bearer = bearerToken(request);
    try {
      // A publish token costs a database lookup: the per-IP limit is counted before it.
      if (bearer?.startsWith(PUBLISH_TOKEN_PREFIX)) {
        await this.rateLimits.consumeAll(this.rateLimits.takeDeferred(request));
      }
      request.chatAuth = await this.authenticate(bearer, request);
    } catch (error) {
      // The per-IP limit deferred to the handler counts refused requests too, and wins.
      await this.rateLimits.consumeAll(this.rateLimits.takeDeferred(request));
      throw error;
    }
    return true;
  }

  private async authenticate(bearer: string | undefined, request: FastifyRequest): Promise<ChatAuthContext> {
    if (!bearer) {
      throw new AppError(401, ErrorCode.AuthMissingToken, 'Send a chat token as "Authorization: Bearer <token>".');
    }
    if (bearer.startsWith(PUBLISH_TOKEN_PREFIX)) return this.fromPublishToken(bearer, request);
    const claims = this.tokens.verify(bearer);
    if (claims.mode === 'canvas') {
      if (!this.config.chatkit.canvasEnabled) throw Errors.featureDisabled('The Canvas chat');
    } else {
      if (!this.config.chatkit.publishEnabled) throw Errors.featureDisabled('Public chat');
      const state = await this.access.get(claims.wf);
      if (!state?.isPublic || state.publishGeneration !== claims.gen) throw revoked();
      // A session from a link lives as long as that link keeps the generation it was minted under.
      if (claims.lnk && state.links[claims.lnk.id] !== claims.lnk.gen) throw revoked();
      // Turning the gate on cuts anonymous visitors at once; signed-in ones keep their chats.
      if (state.requireLogin && isAnonymousVisitor(claims.sub)) throw loginRequired();
    }
    return { workflowId: claims.wf, principal: claims.sub, mode: claims.mode, via: 'jwt', linkId: claims.lnk?.id };
  }

  private async fromPublishToken(token: string, request: FastifyRequest): Promise<ChatAuthContext> {
    if (!this.config.chatkit.publishEnabled) throw Errors.featureDisabled('Public chat');
    const link = await this.links.findByToken(token);
    const state = link && (await this.access.get(link.workflowId));
    if (!link || !state?.isPublic) throw new AppError(401, ErrorCode.AuthInvalidToken, 'The publish token is invalid or was rotated.');
    checkEmbedOrigin(link, request.headers.origin);
    if (state.requireLogin) {
      throw new AppError(401, ErrorCode.AuthLoginRequired, 'This workflow requires sign-in; publish tokens cannot be used for it.');
    }
    void this.links.touch(link.id);
    return { workflowId: link.workflowId, principal: oneRequestPrincipal(link.workflowId), mode: 'public', via: 'publish_token', linkId: link.id };
  }
}
