import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { ChatTokensService } from './chat-tokens.service.js';
import { WorkflowAccessCache } from './workflow-access.cache.js';
import { WorkflowAccessRepository } from './workflow-access.repository.js';

/** Chat tokens and the publish-state cache: what workflows, publishing and chat all need. */
@Module({
  imports: [JwtModule.register({})],
  providers: [ChatTokensService, WorkflowAccessCache, WorkflowAccessRepository],
  exports: [ChatTokensService, WorkflowAccessCache],
})
export class ChatAccessCoreModule {}
