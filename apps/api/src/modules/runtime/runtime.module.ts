import { Module } from '@nestjs/common';
import { WorkflowRuntime } from './runtime.service.js';

/** Provides WorkflowRuntime; needs APP_CONFIG from the global ConfigModule. */
@Module({
  providers: [WorkflowRuntime],
  exports: [WorkflowRuntime],
})
export class RuntimeModule {}
