import { Inject, Injectable } from '@nestjs/common';
import {
  defaultDefinition,
  definitionIssues,
  ErrorCode,
  safeParseDefinition,
  type TCreateWorkflowRequest,
  type TUpdateWorkflowRequest,
  type TWorkflow,
  type TWorkflowDefinition,
  type TWorkflowVersion,
  type TWorkflowVersionListResponse,
} from '@wfchat/contracts';
import type { AuthUser } from '../../common/auth/auth-context.js';
import { newId } from '../../common/crypto/tokens.js';
import { AppError, Errors } from '../../common/errors/app-error.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { WorkflowAccessCache } from '../chat-access/workflow-access.cache.js';
import { patternProblem } from '../runtime/condition.pattern.js';
import { toWorkflowDto } from './workflow.mapper.js';
import { WorkflowsRepository, type WorkflowRecord } from './workflows.repository.js';

export const workflowNotFound = () => Errors.notFound(ErrorCode.WorkflowNotFound, 'No such workflow.');

/**
 * Validates (and upgrades) a definition, or answers 400 with the path of every
 * problem. Condition patterns are compiled by the engine that will run them.
 */
export function validDefinition(raw: unknown): TWorkflowDefinition {
  const result = safeParseDefinition(raw, { patternProblem });
  if (!result.success) {
    const issues = definitionIssues(result.error);
    throw new AppError(
      400,
      ErrorCode.WorkflowInvalidDefinition,
      `The workflow definition is invalid: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
      {},
      issues,
    );
  }
  return result.data;
}

@Injectable()
export class WorkflowsService {
  constructor(
    private readonly workflows: WorkflowsRepository,
    private readonly access: WorkflowAccessCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private dto(w: WorkflowRecord): TWorkflow {
    return toWorkflowDto(w, this.config.publicBaseUrl);
  }

  async list(user: AuthUser): Promise<TWorkflow[]> {
    return (await this.workflows.listOwned(user.id)).map((w) => this.dto(w));
  }

  /** The owner's workflow; anyone else gets the same 404 as for a missing one. */
  async getOwned(user: AuthUser, id: string): Promise<WorkflowRecord> {
    const w = await this.workflows.findOwned(id, user.id);
    if (!w) throw workflowNotFound();
    return w;
  }

  async get(user: AuthUser, id: string): Promise<TWorkflow> {
    return this.dto(await this.getOwned(user, id));
  }

  async create(user: AuthUser, input: TCreateWorkflowRequest): Promise<TWorkflow> {
    const definition = validDefinition(input.definition ?? defaultDefinition());
    const w = await this.workflows.create({
      id: newId('wf'),
      versionId: newId('wfv'),
      ownerId: user.id,
      name: input.name,
      description: input.description ?? '',
      definition: definition as unknown as Prisma.InputJsonValue,
    });
    return this.dto(w);
  }

  async update(user: AuthUser, id: string, input: TUpdateWorkflowRequest): Promise<TWorkflow> {
    const definition = input.definition === undefined ? undefined : validDefinition(input.definition);
    const updated = await this.workflows.update(id, user.id, input.version, {
      name: input.name,
      description: input.description,
      definition: definition as unknown as Prisma.InputJsonValue | undefined,
      newVersionId: newId('wfv'),
    });
    if (updated) {
      // Canvas chats run the latest version, read from the access cache.
      if (definition !== undefined) await this.access.invalidate(id);
      return this.dto(updated);
    }
    const current = await this.getOwned(user, id);
    throw new AppError(
      409,
      ErrorCode.WorkflowVersionConflict,
      `The workflow changed since you loaded it (you sent version ${input.version}, it is now ${current.version}). Reload and apply your change again.`,
    );
  }

  /** Deleting also unpublishes: open public chats are refused at their next request. */
  async delete(user: AuthUser, id: string): Promise<void> {
    if (!(await this.workflows.delete(id, user.id))) throw workflowNotFound();
    await this.access.invalidate(id);
  }

  async versions(user: AuthUser, id: string): Promise<TWorkflowVersionListResponse> {
    await this.getOwned(user, id);
    const rows = await this.workflows.listVersions(id);
    return { data: rows.map((v) => ({ number: v.number, createdAt: v.createdAt.toISOString() })) };
  }

  async version(user: AuthUser, id: string, number: number): Promise<TWorkflowVersion> {
    await this.getOwned(user, id);
    const v = await this.workflows.findVersion(id, number);
    if (!v) throw Errors.notFound(ErrorCode.WorkflowVersionNotFound, `Workflow version ${number} does not exist.`);
    return {
      number: v.number,
      createdAt: v.createdAt.toISOString(),
      definition: validDefinition(v.definition) as unknown as Record<string, unknown>,
    };
  }
}
