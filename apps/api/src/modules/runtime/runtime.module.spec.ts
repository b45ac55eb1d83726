import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigModule } from '../../config/config.module.js';
import { RuntimeModule } from './runtime.module.js';
import { WorkflowRuntime } from './runtime.service.js';
import { RUNTIME_LIMITS } from './runtime.types.js';
import { chain, collect, errorOf, testConfig, turn } from './runtime.testing.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function contextWith(...imports: unknown[]) {
  @Module({ imports: imports as never[] })
  class Root {}
  const app = await NestFactory.createApplicationContext(Root, { logger: false });
  close = () => app.close();
  return app;
}

describe('RuntimeModule', () => {
  it('provides WorkflowRuntime from APP_CONFIG, with default limits', async () => {
    const app = await contextWith(ConfigModule.forRoot(testConfig()), RuntimeModule);
    const runtime = app.get(WorkflowRuntime);
    const nodes = Array.from({ length: 55 }, (_, i) => ({ id: `n${i}`, type: 'template', config: { template: 'x' } }));
    const events = await collect(runtime.run(turn(chain(...nodes, { id: 'r', type: 'reply' }), 'x')));
    expect(errorOf(events)?.code).toBe('runtime.too_many_steps');
  });

  it('takes limits from the optional RUNTIME_LIMITS provider', async () => {
    @Module({ providers: [{ provide: RUNTIME_LIMITS, useValue: { maxSteps: 2 } }], exports: [RUNTIME_LIMITS] })
    class Limits {}
    @Module({ imports: [Limits], providers: [WorkflowRuntime] })
    class WithLimits {}
    const app = await contextWith(ConfigModule.forRoot(testConfig()), WithLimits);
    const runtime = app.get(WorkflowRuntime);
    const def = chain(
      { id: 'a', type: 'template', config: { template: 'a' } },
      { id: 'b', type: 'template', config: { template: 'b' } },
      { id: 'r', type: 'reply' },
    );
    expect(errorOf(await collect(runtime.run(turn(def, 'x'))))?.code).toBe('runtime.too_many_steps');
  });
});
