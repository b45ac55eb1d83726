import { Inject, Injectable } from '@nestjs/common';
import {
  embedSnippet,
  ErrorCode,
  MAX_LINKS_PER_WORKFLOW,
  type TAuditAction,
  type TCreateLinkRequest,
  type TLink,
  type TLinkTokenResponse,
  type TUpdateLinkRequest,
} from '@wfchat/contracts';
import type { AuthUser } from '../../common/auth/auth-context.js';
import { newId, tokenHint } from '../../common/crypto/tokens.js';
import { AppError, Errors } from '../../common/errors/app-error.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { WorkflowAccessCache } from '../chat-access/workflow-access.cache.js';
import { chatPath } from '../workflows/workflow.mapper.js';
import type { WorkflowRecord } from '../workflows/workflows.repository.js';
import { WorkflowsService } from '../workflows/workflows.service.js';
import { hashPublishToken, maskHint, newPublishToken } from './publish-token.js';
import type { AuditRecord } from './publishing.repository.js';
import { toLinkDto } from './share-link.mapper.js';
import { ShareLinksRepository, type NewShareLink, type ShareLinkRecord } from './share-links.repository.js';

export const notPublished = () =>
  Errors.conflict(ErrorCode.PublishNotPublished, 'The workflow is not published. Publish it first.');
export const raced = () =>
  Errors.conflict(
    ErrorCode.PublishConflict,
    'The publish state changed at the same moment elsewhere. Reload and retry.',
  );
const linkNotFound = () => Errors.notFound(ErrorCode.LinkNotFound, 'No such link on this workflow.');

/** The first link a workflow gets when it is published. */
export const DEFAULT_LINK_LABEL = 'Default link';

/**
 * A published workflow's share links: each its own `wfp_` token, label and
 * audience. Every change is audited with it and invalidates the access cache,
 * so chat sessions minted from a rotated or deleted link are refused at their
 * next request on every instance.
 */
@Injectable()
export class ShareLinksService {
  constructor(
    private readonly links: ShareLinksRepository,
    private readonly workflows: WorkflowsService,
    private readonly access: WorkflowAccessCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private ensureEnabled() {
    if (!this.config.chatkit.publishEnabled) throw Errors.featureDisabled('Publishing');
  }

  hash(token: string): string {
    return hashPublishToken(token, this.config.publishTokenPepper);
  }

  /** A new link's row and its token, shown once. */
  newLink(workflowId: string, label: string, kind: 'link' | 'embed', allowedOrigins: string[]) {
    const token = newPublishToken();
    const row: NewShareLink = {
      id: newId('lnk'),
      workflowId,
      label,
      kind,
      tokenHash: this.hash(token),
      tokenHint: tokenHint(token),
      allowedOrigins,
    };
    return { row, token };
  }

  audit(workflowId: string, user: AuthUser, action: TAuditAction, hint: string | null, details?: object): AuditRecord {
    return {
      id: newId('aud'),
      workflowId,
      actorId: user.id,
      action,
      tokenHint: maskHint(hint),
      details: details as never,
    };
  }

  /** The only answer that carries a link's token. */
  withToken(link: ShareLinkRecord, token: string): TLinkTokenResponse {
    const base = this.config.publicBaseUrl;
    return {
      link: toLinkDto(link),
      publishToken: token,
      shareUrl: `${base}${chatPath(link.workflowId)}#t=${token}`,
      ...(link.kind === 'embed' ? { embedSnippet: embedSnippet(base, link.workflowId, token) } : {}),
    };
  }

  private async published(user: AuthUser, id: string): Promise<WorkflowRecord> {
    this.ensureEnabled();
    const w = await this.workflows.getOwned(user, id);
    if (!w.isPublic) throw notPublished();
    return w;
  }

  private async owned(user: AuthUser, id: string, linkId: string) {
    this.ensureEnabled();
    await this.workflows.getOwned(user, id);
    const link = await this.links.find(id, linkId);
    if (!link) throw linkNotFound();
    return link;
  }

  async list(user: AuthUser, id: string): Promise<TLink[]> {
    this.ensureEnabled();
    await this.workflows.getOwned(user, id);
    return (await this.links.list(id)).map(toLinkDto);
  }

  async create(user: AuthUser, id: string, input: TCreateLinkRequest): Promise<TLinkTokenResponse> {
    const w = await this.published(user, id);
    const kind = input.kind ?? 'link';
    const { row, token } = this.newLink(id, input.label, kind, input.allowedOrigins ?? []);
    const created = await this.links.create(
      { workflowId: id, publishGeneration: w.publishGeneration },
      row,
      MAX_LINKS_PER_WORKFLOW,
      this.audit(id, user, 'link.create', row.tokenHint, {
        linkId: row.id,
        label: row.label,
        kind,
        allowedOrigins: row.allowedOrigins,
      }),
    );
    if (created === 'full') {
      throw new AppError(
        409,
        ErrorCode.LinkLimitReached,
        `A workflow has at most ${MAX_LINKS_PER_WORKFLOW} links. Delete one first.`,
      );
    }
    if (!created) throw (await this.workflows.getOwned(user, id)).isPublic ? raced() : notPublished();
    await this.access.invalidate(id);
    return this.withToken(created, token);
  }

  async rotate(
    user: AuthUser,
    id: string,
    linkId: string,
    action: TAuditAction = 'link.rotate',
  ): Promise<TLinkTokenResponse> {
    const link = await this.owned(user, id, linkId);
    const token = newPublishToken();
    const saved = await this.links.rotate(
      link,
      { tokenHash: this.hash(token), tokenHint: tokenHint(token) },
      this.audit(id, user, action, tokenHint(token), {
        linkId,
        label: link.label,
        previousTokenHint: maskHint(link.tokenHint),
      }),
    );
    if (!saved) throw (await this.links.find(id, linkId)) ? raced() : linkNotFound();
    await this.access.invalidate(id);
    return this.withToken(saved, token);
  }

  /** `publish/rotate`: the first link gets a new token; the others are untouched. */
  async rotateFirst(user: AuthUser, id: string): Promise<TLinkTokenResponse> {
    await this.published(user, id);
    const first = await this.links.first(id);
    if (!first) throw notPublished();
    return this.rotate(user, id, first.id, 'rotate');
  }

  async update(user: AuthUser, id: string, linkId: string, input: TUpdateLinkRequest): Promise<TLink> {
    const link = await this.owned(user, id, linkId);
    if (input.allowedOrigins !== undefined) {
      if (link.kind !== 'embed' && input.allowedOrigins.length > 0) {
        throw Errors.invalid('Only embeds have allowed origins.', [
          { path: 'allowedOrigins', message: 'Only embeds have allowed origins.' },
        ]);
      }
      if (link.kind === 'embed' && input.allowedOrigins.length === 0) {
        throw Errors.invalid('An embed needs at least one website origin.', [
          { path: 'allowedOrigins', message: 'An embed needs at least one website origin it may be used on.' },
        ]);
      }
    }
    const change = {
      ...(input.label !== undefined && input.label !== link.label ? { label: input.label } : {}),
      ...(input.allowedOrigins !== undefined && input.allowedOrigins.join('\n') !== link.allowedOrigins.join('\n')
        ? { allowedOrigins: input.allowedOrigins }
        : {}),
    };
    if (Object.keys(change).length === 0) return toLinkDto(link);
    const saved = await this.links.update(
      linkId,
      change,
      this.audit(id, user, 'link.update', link.tokenHint, { linkId, ...change }),
    );
    if (!saved) throw linkNotFound();
    return toLinkDto(saved);
  }

  async delete(user: AuthUser, id: string, linkId: string): Promise<void> {
    const link = await this.owned(user, id, linkId);
    const deleted = await this.links.delete(
      linkId,
      this.audit(id, user, 'link.delete', link.tokenHint, { linkId, label: link.label }),
    );
    if (!deleted) throw linkNotFound();
    await this.access.invalidate(id);
  }

  /** The link a publish token belongs to, by hash through the unique index. */
  findByToken(token: string): Promise<ShareLinkRecord | null> {
    return this.links.findByTokenHash(this.hash(token));
  }

  /** Where the workflow's embeds may be used (and so who may frame its chat page): none unless published. */
  embedOrigins(workflowId: string): Promise<string[]> {
    return this.links.embedOrigins(workflowId);
  }

  /** Never fails the request it records: a lost `lastUsedAt` write is only display. */
  async touch(linkId: string): Promise<void> {
    await this.links.touch(linkId).catch(() => undefined);
  }
}
