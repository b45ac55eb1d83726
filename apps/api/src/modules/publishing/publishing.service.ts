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
import { newId, safeEqual, tokenHint } from '../../common/crypto/tokens.js';
import { Errors } from '../../common/errors/app-error.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { WorkflowAccessCache } from '../chat-access/workflow-access.cache.js';
import { chatPath, toWorkflowDto } from '../workflows/workflow.mapper.js';
import { WorkflowsRepository, type WorkflowRecord } from '../workflows/workflows.repository.js';
import { WorkflowsService } from '../workflows/workflows.service.js';
import { hashPublishToken, maskHint, newPublishToken } from './publish-token.js';
import { PublishingRepository, type AuditRecord, type PublishPrecondition } from './publishing.repository.js';

const notPublished = () =>
  Errors.conflict(ErrorCode.PublishNotPublished, 'The workflow is not published. Publish it first.');
const raced = () =>
  Errors.conflict(ErrorCode.PublishConflict, 'The publish state changed at the same moment elsewhere. Reload and retry.');

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
   * The answer to a saved change, from the record the transaction returned:
   * nothing runs after the commit that could fail and lose the new token.
   */
  private withToken(saved: WorkflowRecord, token: string): TPublishResponse {
    const shareUrl = `${this.config.publicBaseUrl}${chatPath(saved.id)}#t=${token}`;
    return { workflow: toWorkflowDto(saved, this.config.publicBaseUrl), publishToken: token, shareUrl };
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

  async publish(user: AuthUser, id: string, input: TPublishRequest): Promise<TPublishResponse> {
    this.ensureEnabled();
    const w = await this.workflows.getOwned(user, id);
    if (w.isPublic) {
      throw Errors.conflict(ErrorCode.PublishAlreadyPublished, 'The workflow is already published. Rotate the link to get a new one.');
    }
    const latest = w.versions[0]?.number ?? 1;
    const publishedVersionId = await this.versionId(id, input.version, latest);
    const token = newPublishToken();
    const saved = await this.publishing.transition(
      this.precondition(w),
      {
        isPublic: true,
        publishTokenHash: hashPublishToken(token, this.config.publishTokenPepper),
        publishTokenHint: tokenHint(token),
        publishedAt: new Date(),
        publishedById: user.id,
        publishTokenRotatedAt: null,
        requireLogin: input.requireLogin ?? false,
        publishedVersionId,
      },
      [this.audit(w, user, 'publish', tokenHint(token), { version: input.version ?? latest, requireLogin: input.requireLogin ?? false })],
    );
    if (!saved) {
      const now = await this.workflows.getOwned(user, id);
      throw now.isPublic
        ? Errors.conflict(ErrorCode.PublishAlreadyPublished, 'The workflow is already published. Rotate the link to get a new one.')
        : raced();
    }
    await this.access.invalidate(id);
    return this.withToken(saved, token);
  }

  async rotate(user: AuthUser, id: string): Promise<TPublishResponse> {
    this.ensureEnabled();
    const w = await this.workflows.getOwned(user, id);
    if (!w.isPublic) throw notPublished();
    const token = newPublishToken();
    const saved = await this.publishing.transition(
      this.precondition(w),
      {
        publishTokenHash: hashPublishToken(token, this.config.publishTokenPepper),
        publishTokenHint: tokenHint(token),
        publishTokenRotatedAt: new Date(),
      },
      [this.audit(w, user, 'rotate', tokenHint(token), { previousTokenHint: maskHint(w.publishTokenHint) })],
    );
    if (!saved) throw (await this.workflows.getOwned(user, id)).isPublic ? raced() : notPublished();
    await this.access.invalidate(id);
    return this.withToken(saved, token);
  }

  async revoke(user: AuthUser, id: string): Promise<{ workflow: TWorkflow }> {
    this.ensureEnabled();
    const w = await this.workflows.getOwned(user, id);
    if (!w.isPublic) throw notPublished();
    const saved = await this.publishing.transition(
      this.precondition(w),
      {
        isPublic: false,
        publishTokenHash: null,
        publishTokenHint: null,
        publishedAt: null,
        publishedById: null,
        publishedVersionId: null,
      },
      [this.audit(w, user, 'revoke', w.publishTokenHint)],
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
      if (limits) audit.push(this.audit(w, user, 'limits.change', w.publishTokenHint, limits));
      if (loginChange) audit.push(this.audit(w, user, input.requireLogin ? 'require_login.on' : 'require_login.off', w.publishTokenHint));
      if (versionChange) {
        audit.push(this.audit(w, user, 'version.change', w.publishTokenHint, { from: currentVersion, to: input.version }));
      }
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

  /** The published workflow a publish token opens, compared by hash through the unique index. */
  async findByToken(token: string): Promise<WorkflowRecord | null> {
    const w = await this.publishing.findByTokenHash(hashPublishToken(token, this.config.publishTokenPepper));
    return w?.isPublic ? w : null;
  }

  /** Does `token` open workflow `w`? Constant-time, by hash. */
  tokenMatches(w: { publishTokenHash: string | null }, token: string): boolean {
    return w.publishTokenHash !== null && safeEqual(w.publishTokenHash, hashPublishToken(token, this.config.publishTokenPepper));
  }
}
