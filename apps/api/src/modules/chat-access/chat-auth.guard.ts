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
import { PublishingService } from '../publishing/publishing.service.js';
import { ChatTokensService } from './chat-tokens.service.js';
import { isAnonymousVisitor, oneRequestPrincipal } from './principals.js';
import { WorkflowAccessCache } from './workflow-access.cache.js';

const loginRequired = () => new AppError(401, ErrorCode.AuthLoginRequired, 'Sign in to chat with this workflow.');
const revoked = () =>
  new AppError(401, ErrorCode.AuthTokenRevoked, 'This chat link was revoked or replaced. Ask the owner for a new link.');

/**
 * Authenticates `@ChatAuth()` routes: a chat JWT, or a publish token for
 * server-to-server use. A public token stays valid only while the workflow is
 * published with the generation it was issued for, checked on every request
 * (from the access cache, so without a database round trip in steady state).
 */
@Injectable()
export class ChatAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: ChatTokensService,
    private readonly access: WorkflowAccessCache,
    private readonly publishing: PublishingService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const routeAuth = this.reflector.getAllAndOverride<string>(ROUTE_AUTH, [context.getHandler(), context.getClass()]);
    if (routeAuth !== 'chat') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    request.chatAuth = await this.authenticate(bearerToken(request));
    return true;
  }

  private async authenticate(bearer: string | undefined): Promise<ChatAuthContext> {
    if (!bearer) {
      throw new AppError(401, ErrorCode.AuthMissingToken, 'Send a chat token as "Authorization: Bearer <token>".');
    }
    if (bearer.startsWith(PUBLISH_TOKEN_PREFIX)) return this.fromPublishToken(bearer);
    const claims = this.tokens.verify(bearer);
    if (claims.mode === 'canvas') {
      if (!this.config.chatkit.canvasEnabled) throw Errors.featureDisabled('The Canvas chat');
    } else {
      if (!this.config.chatkit.publishEnabled) throw Errors.featureDisabled('Public chat');
      const state = await this.access.get(claims.wf);
      if (!state?.isPublic || state.publishGeneration !== claims.gen) throw revoked();
      // Turning the gate on cuts anonymous visitors at once; signed-in ones keep their chats.
      if (state.requireLogin && isAnonymousVisitor(claims.sub)) throw loginRequired();
    }
    return { workflowId: claims.wf, principal: claims.sub, mode: claims.mode, via: 'jwt' };
  }

  private async fromPublishToken(token: string): Promise<ChatAuthContext> {
    if (!this.config.chatkit.publishEnabled) throw Errors.featureDisabled('Public chat');
    const w = await this.publishing.findByToken(token);
    if (!w) throw new AppError(401, ErrorCode.AuthInvalidToken, 'The publish token is invalid or was rotated.');
    if (w.requireLogin) {
      throw new AppError(401, ErrorCode.AuthLoginRequired, 'This workflow requires sign-in; publish tokens cannot be used for it.');
    }
    return { workflowId: w.id, principal: oneRequestPrincipal(w.id), mode: 'public', via: 'publish_token' };
  }
}
