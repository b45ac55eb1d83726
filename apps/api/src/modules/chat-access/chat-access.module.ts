import { Module } from '@nestjs/common';
import { PublishingModule } from '../publishing/publishing.module.js';
import { WorkflowsModule } from '../workflows/workflows.module.js';
import { CanvasSessionController } from './canvas-session.controller.js';
import { ChatAccessCoreModule } from './chat-access-core.module.js';
import { ChatAuthGuard } from './chat-auth.guard.js';
import { ChatSessionsService } from './chat-sessions.service.js';
import { PublicChatController } from './public-chat.controller.js';

@Module({
  imports: [ChatAccessCoreModule, PublishingModule, WorkflowsModule],
  controllers: [PublicChatController, CanvasSessionController],
  providers: [ChatSessionsService, ChatAuthGuard],
  exports: [ChatAuthGuard, ChatAccessCoreModule],
})
export class ChatAccessModule {}
