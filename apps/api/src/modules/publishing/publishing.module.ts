import { Module } from '@nestjs/common';
import { ChatAccessCoreModule } from '../chat-access/chat-access-core.module.js';
import { WorkflowsModule } from '../workflows/workflows.module.js';
import { PublishingController } from './publishing.controller.js';
import { PublishingRepository } from './publishing.repository.js';
import { PublishingService } from './publishing.service.js';

@Module({
  imports: [WorkflowsModule, ChatAccessCoreModule],
  controllers: [PublishingController],
  providers: [PublishingService, PublishingRepository],
  exports: [PublishingService],
})
export class PublishingModule {}
