import { Inject, Injectable } from '@nestjs/common';
import {
  ErrorCode,
  parseDefinition,
  type TChatSessionResponse,
  type TPublicSessionResponse,
  type TPublicWorkflow,
} from '@wfchat/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser, UserAuth } from '../../common/auth/auth-context.js';
import { AppError, Errors } from '../../common/errors/app-error.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { publicAttachmentSettings } from '../attachments/attachment-policy.js';
import { assertSameSite, isOwnOrigin } from '../auth/csrf.guard.js';
import { isHttps } from '../auth/session-cookie.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { ShareLinksService } from '../publishing/share-links.service.js';
import { clientIpKey } from '../rate-limit/client-ip-key.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { WorkflowsRepository } from '../workflows/workflows.repository.js';
import { workflowNotFound, WorkflowsService } from '../workflows/workflows.service.js';
import { ChatTokensService } from './chat-tokens.service.js';
import { checkEmbedOrigin } from './embed-origin.js';
import { externalPrincipal, visitorPrincipal } from './principals.js';
import { visitorId } from './visitor-cookie.js';

const MINUTE_MS = 60_000;

/** Mints chat JWTs: for visitors holding a publish token, and for owners testing in Canvas. */
@Injectable()
export class ChatSessionsService {
  constructor(
    private readonly tokens: ChatTokensService,
    private readonly links: ShareLinksService,
    private readonly workflowsRepo: WorkflowsRepository,
    private readonly workflows: WorkflowsService,
    private readonly limits: RateLimitService,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private limitMinting(ip: string) {
    return this.limits.consume('session', clientIpKey(ip), this.config.rateLimits.sessionsPerMin, MINUTE_MS);
  }

  /** Published workflows only; unpublished and unknown answer the same 404. */
  private async published(id: string) {
    if (!this.config.chatkit.publishEnabled) throw Errors.featureDisabled('Public chat');
    const w = await this.workflowsRepo.findPublishState(id);
    if (!w?.isPublic || !w.publishedVersion) throw workflowNotFound();
    return { ...w, publishedVersion: w.publishedVersion };
  }

  async publicMetadata(id: string): Promise<TPublicWorkflow> {
    const w = await this.published(id);
    const version = await this.workflowsRepo.findVersion(id, w.publishedVersion.number);
    const definition = version ? parseDefinition(version.definition) : null;
    const chat = definition?.chat ?? {};
    const attachments = definition && publicAttachmentSettings(this.config.attachments, definition);
    return {
      id: w.id,
      name: w.name,
      requireLogin: w.requireLogin,
      chat: {
        title: chat.title || null,
        greeting: chat.greeting ?? null,
        prompts: chat.prompts ?? [],
        placeholder: chat.placeholder || null,
        disclaimer: chat.disclaimer || null,
        theme: chat.theme ?? {},
        ...(chat.locale ? { locale: chat.locale } : {}),
        ...(attachments ? { attachments } : {}),
      },
    };
  }

  /**
   * A visitor's session from one of the workflow's links. An embed's token
   * works only from the pages of the websites it lists (their `Origin`); any
   * other link's only from our own pages, as every cookie-setting write.
   */
  async mintPublic(id: string, publishToken: string, req: FastifyRequest, reply: FastifyReply): Promise<TPublicSessionResponse> {
    await this.limitMinting(req.ip);
    const w = await this.published(id);
    const link = await this.links.findByToken(publishToken);
    if (!link || link.workflowId !== w.id) {
      throw new AppError(401, ErrorCode.PublishInvalidToken, 'This link is not valid any more. Ask the owner for a new link.');
    }
    const publicOrigin = new URL(this.config.publicBaseUrl).origin;
    if (link.kind === 'embed') checkEmbedOrigin(link, req.headers.origin);
    else assertSameSite(req, publicOrigin);
    const crossSite = link.kind === 'embed' && !isOwnOrigin(req, publicOrigin);
    // Only the real login session counts; nothing a client sends can claim it.
    const user = req.userAuth?.via === 'session' ? req.userAuth.user : undefined;
    if (w.requireLogin && !user) {
      throw new AppError(401, ErrorCode.AuthLoginRequired, 'Sign in to chat with this workflow.');
    }
    // Login-gated chats belong to the account; anonymous ones to this browser.
    const sub = w.requireLogin
      ? user!.id
      : visitorPrincipal(visitorId(req, reply, isHttps(req, this.config.publicBaseUrl), crossSite));
    const session = this.tokens.sign({
      sub,
      wf: w.id,
      mode: 'public',
      gen: w.publishGeneration,
      lnk: { id: link.id, gen: link.generation },
      ver: w.publishedVersion.number,
    });
    this.metrics.sessionsMinted.inc({ mode: 'public' });
    await this.links.touch(link.id);
    return { ...session, workflow: { id: w.id, name: w.name, requireLogin: w.requireLogin } };
  }

  async mintCanvas(user: AuthUser, id: string, ip: string): Promise<TChatSessionResponse> {
    if (!this.config.chatkit.canvasEnabled) throw Errors.featureDisabled('The Canvas chat');
    await this.limitMinting(ip);
    const w = await this.workflows.getOwned(user, id);
    const session = this.tokens.sign({ sub: user.id, wf: w.id, mode: 'canvas', ver: w.versions[0]?.number ?? 1 });
    this.metrics.sessionsMinted.inc({ mode: 'canvas' });
    return session;
  }

  /**
   * Server-to-server: an owner's backend, holding one of the owner's API
   * tokens, opens a public chat for one of its own users, who then sees only
   * their own threads. A browser session cannot do this (it is not a server
   * vouching for its users), so it gets 403.
   */
  async mintExternal(auth: UserAuth, id: string, externalUser: string, ip: string): Promise<TChatSessionResponse> {
    if (!this.config.chatkit.publishEnabled) throw Errors.featureDisabled('Public chat');
    if (auth.via !== 'api_token') {
      throw new AppError(403, ErrorCode.AuthForbidden, 'Sessions for external users are minted with an API token (Authorization: Bearer wfa_...).');
    }
    await this.limitMinting(ip);
    const w = await this.workflows.getOwned(auth.user, id);
    if (!w.isPublic || !w.publishedVersion) {
      throw Errors.conflict(ErrorCode.PublishNotPublished, 'The workflow is not published. Publish it first.');
    }
    const session = this.tokens.sign({
      sub: externalPrincipal(externalUser),
      wf: w.id,
      mode: 'public',
      gen: w.publishGeneration,
      ver: w.publishedVersion.number,
    });
    this.metrics.sessionsMinted.inc({ mode: 'public' });
    return session;
  }
}
