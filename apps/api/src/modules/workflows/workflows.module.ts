import { Module } from '@nestjs/common';
import { ChatAccessCoreModule } from '../chat-access/chat-access-core.module.js';
import { WorkflowsController } from './workflows.controller.js';
import { WorkflowsRepository } from './workflows.repository.js';
import { WorkflowsService } from './workflows.service.js';

@Module({
  imports: [ChatAccessCoreModule],
  controllers: [WorkflowsController],
  providers: [WorkflowsService, WorkflowsRepository],
  exports: [WorkflowsService, WorkflowsRepository],
})
export class WorkflowsModule {}
