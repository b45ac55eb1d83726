import { Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import {
  ZCreateWorkflowRequest,
  ZUpdateWorkflowRequest,
  type TCreateWorkflowRequest,
  type TUpdateWorkflowRequest,
  type TWorkflow,
  type TWorkflowListResponse,
  type TWorkflowVersion,
  type TWorkflowVersionListResponse,
} from '@wfchat/contracts';
import type { AuthUser } from '../../common/auth/auth-context.js';
import { CurrentUser } from '../../common/auth/current-user.decorator.js';
import { ZBody } from '../../common/http/zod.pipe.js';
import { WorkflowsService } from './workflows.service.js';

@Controller('workflows')
export class WorkflowsController {
  constructor(private readonly workflows: WorkflowsService) {}

  @Get()
  async list(@CurrentUser() user: AuthUser): Promise<TWorkflowListResponse> {
    return { data: await this.workflows.list(user) };
  }

  @Post()
  create(@CurrentUser() user: AuthUser, @ZBody(ZCreateWorkflowRequest) body: TCreateWorkflowRequest): Promise<TWorkflow> {
    return this.workflows.create(user, body);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<TWorkflow> {
    return this.workflows.get(user, id);
  }

  @Patch(':id')
  update(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @ZBody(ZUpdateWorkflowRequest) body: TUpdateWorkflowRequest,
  ): Promise<TWorkflow> {
    return this.workflows.update(user, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  delete(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    return this.workflows.delete(user, id);
  }

  @Get(':id/versions')
  versions(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<TWorkflowVersionListResponse> {
    return this.workflows.versions(user, id);
  }

  @Get(':id/versions/:number')
  version(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Param('number', ParseIntPipe) number: number,
  ): Promise<TWorkflowVersion> {
    return this.workflows.version(user, id, number);
  }
}
