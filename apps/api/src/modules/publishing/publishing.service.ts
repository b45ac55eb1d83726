import { Inject, Injectable } from '@nestjs/common';
import {
  ErrorCode,
  type TAuditAction,
  type TAuditEvent,
  type TPublishRequest,
  type TPublishResponse,
  type TUpdatePublishRequest,
  type TWorkflow,
} from '@wfchat/contracts';
import type { AuthUser } from '../../common/auth/auth-context.js';
import { newId } from '../../common/crypto/tokens.js';
import { Errors } from '../../common/errors/app-error.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { WorkflowAccessCache } from '../chat-access/workflow-access.cache.js';
import { toWorkflowDto } from '../workflows/workflow.mapper.js';
import { WorkflowsRepository, type WorkflowRecord } from '../workflows/workflows.repository.js';
import { WorkflowsService } from '../workflows/workflows.service.js';
import { maskHint } from './publish-token.js';
import { PublishingRepository, type AuditRecord, type PublishPrecondition } from './publishing.repository.js';
import type { ShareLinkRecord } from './share-links.repository.js';
import { DEFAULT_LINK_LABEL, notPublished, raced, ShareLinksService } from './share-links.service.js';

type Limits = { messagesPerDay?: number | null; llmTokensPerDay?: number | null };

/** The caps `input` changes, as they were and as they become; null when it changes none. */
function changedLimits(w: WorkflowRecord, input: TUpdatePublishRequest): { from: Limits; to: Limits } | null {
  const from: Limits = {};
  const to: Limits = {};
  for (const key of ['messagesPerDay', 'llmTokensPerDay'] as const) {
    const next = input.limits?.[key];
    if (next !== undefined && next !== w[key]) {
      from[key] = w[key];
      to[key] = next;
    }
  }
  return Object.keys(to).length > 0 ? { from, to } : null;
}

@Injectable()
export class PublishingService {
  constructor(
    private readonly publishing: PublishingRepository,
    private readonly workflowsRepo: WorkflowsRepository,
    private readonly workflows: WorkflowsService,
    private readonly access: WorkflowAccessCache,
    private readonly links: ShareLinksService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private ensureEnabled() {
    if (!this.config.chatkit.publishEnabled) throw Errors.featureDisabled('Publishing');
  }

  private precondition(w: WorkflowRecord): PublishPrecondition {
    return { id: w.id, ownerId: w.ownerId, isPublic: w.isPublic, publishGeneration: w.publishGeneration };
  }

  private async versionId(workflowId: string, number: number | undefined, latest: number): Promise<string> {
    const version = await this.workflowsRepo.findVersion(workflowId, number ?? latest);
    if (!version) throw Errors.notFound(ErrorCode.WorkflowVersionNotFound, `Workflow version ${number} does not exist.`);
    return version.id;
  }

  /**
   * The answer to a saved change, from the records the transaction returned:
   * nothing runs after the commit that could fail and lose the new token.
   */
  private withToken(saved: WorkflowRecord, link: ShareLinkRecord, token: string): TPublishResponse {
    const { publishToken, shareUrl, link: dto } = this.links.withToken(link, token);
    const workflow = toWorkflowDto({ ...saved, links: [link] }, this.config.publicBaseUrl);
    return { workflow, publishToken, shareUrl, link: dto };
  }

  private audit(w: WorkflowRecord, user: AuthUser, action: TAuditAction, hint: string | null, details?: object): AuditRecord {
    return {
      id: newId('aud'),
      workflowId: w.id,
      actorId: user.id,
      action,
      tokenHint: maskHint(hint),
      details: details as never,
    };
  }

  /** A change to the whole publication, recorded under its first link's hint. */
  private publicationAudit(w: WorkflowRecord, user: AuthUser, action: TAuditAction, details?: object): AuditRecord {
    return this.audit(w, user, action, w.links[0]?.tokenHint ?? null, details);
  }

  async publish(user: AuthUser, id: string, input: TPublishRequest): Promise<TPublishResponse> {
    this.ensureEnabled();
    const w = await this.workflows.getOwned(user, id);
    if (w.isPublic) {
      throw Errors.conflict(ErrorCode.PublishAlreadyPublished, 'The workflow is already published. Rotate the link to get a new one.');
    }
    const latest = w.versions[0]?.number ?? 1;
    const publishedVersionId = await this.versionId(id, input.version, latest);
    const { row, token } = this.links.newLink(id, DEFAULT_LINK_LABEL, 'link', []);
    const saved = await this.publishing.transition(
      this.precondition(w),
      {
        isPublic: true,
        publishedAt: new Date(),
        publishedById: user.id,
        requireLogin: input.requireLogin ?? false,
        publishedVersionId,
      },
      [this.audit(w, user, 'publish', row.tokenHint, { version: input.version ?? latest, requireLogin: input.requireLogin ?? false, linkId: row.id })],
      { create: row },
    );
    if (!saved) {
      const now = await this.workflows.getOwned(user, id);
      throw now.isPublic
        ? Errors.conflict(ErrorCode.PublishAlreadyPublished, 'The workflow is already published. Rotate the link to get a new one.')
        : raced();
    }
    await this.access.invalidate(id);
    const link = { ...row, generation: 0, createdAt: new Date(), lastUsedAt: null, rotatedAt: null };
    return this.withToken(saved, link, token);
  }

  /** Rotates the first link only: sessions of the workflow's other links go on. */
  async rotate(user: AuthUser, id: string): Promise<TPublishResponse> {
    this.ensureEnabled();
    const w = await this.workflows.getOwned(user, id);
    if (!w.isPublic) throw notPublished();
    const rotated = await this.links.rotateFirst(user, id);
    return {
      workflow: toWorkflowDto({ ...w, links: [{ tokenHint: rotated.link.tokenHint, rotatedAt: new Date(rotated.link.rotatedAt!) }] }, this.config.publicBaseUrl),
      publishToken: rotated.publishToken,
      shareUrl: rotated.shareUrl,
      link: rotated.link,
    };
  }

  async revoke(user: AuthUser, id: string): Promise<{ workflow: TWorkflow }> {
    this.ensureEnabled();
    const w = await this.workflows.getOwned(user, id);
    if (!w.isPublic) throw notPublished();
    const saved = await this.publishing.transition(
      this.precondition(w),
      {
        isPublic: false,
        publishedAt: null,
        publishedById: null,
        publishedVersionId: null,
      },
      [this.publicationAudit(w, user, 'revoke')],
      { deleteAll: true },
    );
    if (!saved) throw (await this.workflows.getOwned(user, id)).isPublic ? raced() : notPublished();
    await this.access.invalidate(id);
    return { workflow: toWorkflowDto(saved, this.config.publicBaseUrl) };
  }

  /** Idempotent: only what actually changes is written and audited. */
  async update(user: AuthUser, id: string, input: TUpdatePublishRequest): Promise<{ workflow: TWorkflow }> {
    this.ensureEnabled();
    const w = await this.workflows.getOwned(user, id);
    if (!w.isPublic) throw notPublished();
    const loginChange = input.requireLogin !== undefined && input.requireLogin !== w.requireLogin;
    const currentVersion = w.publishedVersion?.number ?? null;
    const versionChange = input.version !== undefined && input.version !== currentVersion;
    const limits = changedLimits(w, input);
    if (loginChange || versionChange || limits) {
      const audit: AuditRecord[] = [];
      if (limits) audit.push(this.publicationAudit(w, user, 'limits.change', limits));
      if (loginChange) audit.push(this.publicationAudit(w, user, input.requireLogin ? 'require_login.on' : 'require_login.off'));
      if (versionChange) audit.push(this.publicationAudit(w, user, 'version.change', { from: currentVersion, to: input.version }));
      const saved = await this.publishing.update(
        this.precondition(w),
        {
          ...(loginChange ? { requireLogin: input.requireLogin } : {}),
          ...(versionChange ? { publishedVersionId: await this.versionId(id, input.version, input.version!) } : {}),
          ...limits?.to,
        },
        audit,
      );
      if (!saved) throw raced();
      await this.access.invalidate(id);
      return { workflow: toWorkflowDto(saved, this.config.publicBaseUrl) };
    }
    return { workflow: toWorkflowDto(w, this.config.publicBaseUrl) };
  }

  async auditLog(user: AuthUser, id: string): Promise<TAuditEvent[]> {
    await this.workflows.getOwned(user, id);
    const rows = await this.publishing.listAudit(id);
    return rows.map((e) => ({
      id: e.id,
      action: e.action as TAuditAction,
      actor: e.actor,
      tokenHint: e.tokenHint,
      details: (e.details as Record<string, unknown> | null) ?? null,
      createdAt: e.createdAt.toISOString(),
    }));
  }
}
