import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { ChatAccessCoreModule } from '../chat-access/chat-access-core.module.js';
import { QuotaModule } from '../quota/quota.module.js';
import { RuntimeModule } from '../runtime/runtime.module.js';
import { TurnStatsModule } from '../turn-stats/turn-stats.module.js';
import { WorkflowsModule } from '../workflows/workflows.module.js';
import { ChatkitController } from './chatkit.controller.js';
import { ChatkitDefinitions } from './chatkit.definitions.js';
import { ChatkitLimits } from './chatkit.limits.js';
import { PartialSaves } from './chatkit.partial-saves.js';
import { ChatkitRepository } from './chatkit.repository.js';
import { CHAT_STORE } from './chatkit.store.js';
import { ChatkitService } from './chatkit.service.js';
import { TurnMeter } from './chatkit.turn-meter.js';
import { ChatkitTurns } from './chatkit.turn.js';

/** The ChatKit server: `POST /api/chatkit`. */
@Module({
  imports: [RuntimeModule, WorkflowsModule, ChatAccessCoreModule, QuotaModule, AttachmentsModule, TurnStatsModule],
  controllers: [ChatkitController],
  providers: [
    ChatkitService,
    ChatkitTurns,
    ChatkitDefinitions,
    ChatkitLimits,
    TurnMeter,
    PartialSaves,
    { provide: CHAT_STORE, useClass: ChatkitRepository },
  ],
})
export class ChatkitModule {}
