import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { PublishingModule } from '../publishing/publishing.module.js';
import { WorkflowsModule } from '../workflows/workflows.module.js';
import { DemoSeedService } from './demo-seed.service.js';

@Module({
  imports: [AuthModule, WorkflowsModule, PublishingModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class DemoModule {}
