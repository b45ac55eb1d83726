import { Injectable } from '@nestjs/common';
import { ErrorCode, parseDefinition, type TWorkflowDefinition } from '@wfchat/contracts';
import { Errors } from '../../common/errors/app-error.js';
import { WorkflowAccessCache } from '../chat-access/workflow-access.cache.js';
import { WorkflowsRepository } from '../workflows/workflows.repository.js';
import type { ChatContext } from './chatkit.context.js';

const MAX_CACHED = 1_000;

/**
 * Which definition a chat runs: a public chat the pinned published version,
 * a Canvas chat the latest saved version, both read from the access cache on
 * every request (so a re-pin or a save applies at once). Versions are immutable, so parsed
 * definitions are cached by version for good.
 */
@Injectable()
export class ChatkitDefinitions {
  private readonly parsed = new Map<string, TWorkflowDefinition>();

  constructor(
    private readonly access: WorkflowAccessCache,
    private readonly workflows: WorkflowsRepository,
  ) {}

  async resolve(ctx: ChatContext): Promise<TWorkflowDefinition> {
    const access = await this.access.get(ctx.workflowId);
    const number = ctx.mode === 'public' ? access?.publishedVersion : access?.latestVersion;
    if (number == null)
      throw Errors.notFound(ErrorCode.WorkflowNotFound, 'This workflow no longer exists or is not published.');
    const key = `${ctx.workflowId}@${number}`;
    const hit = this.parsed.get(key);
    if (hit) return hit;
    const version = await this.workflows.findVersion(ctx.workflowId, number);
    if (!version) throw Errors.notFound(ErrorCode.WorkflowNotFound, 'This workflow version no longer exists.');
    const definition = parseDefinition(version.definition);
    if (this.parsed.size >= MAX_CACHED) this.parsed.clear();
    this.parsed.set(key, definition);
    return definition;
  }
}
