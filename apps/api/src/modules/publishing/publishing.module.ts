import { Module } from '@nestjs/common';
import { ChatAccessCoreModule } from '../chat-access/chat-access-core.module.js';
import { WorkflowsModule } from '../workflows/workflows.module.js';
import { PublishingController } from './publishing.controller.js';
import { PublishingRepository } from './publishing.repository.js';
import { PublishingService } from './publishing.service.js';
import { ShareLinksController } from './share-links.controller.js';
import { ShareLinksRepository } from './share-links.repository.js';
import { ShareLinksService } from './share-links.service.js';

@Module({
  imports: [WorkflowsModule, ChatAccessCoreModule],
  controllers: [PublishingController, ShareLinksController],
  providers: [PublishingService, PublishingRepository, ShareLinksService, ShareLinksRepository],
  exports: [PublishingService, ShareLinksService],
})
export class PublishingModule {}
