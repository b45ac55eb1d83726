import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ZTelemetryRequest, type TClientConfig, type TTelemetryRequest } from '@wfchat/contracts';
import { Public } from '../../common/auth/public.decorator.js';
import { ZodPipe } from '../../common/http/zod.pipe.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { AuthService } from '../auth/auth.service.js';
import { MetricsService } from '../metrics/metrics.service.js';

@Controller()
export class ClientConfigController {
  constructor(
    private readonly auth: AuthService,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** What the web app needs before it renders: feature flags, chat element, sign-in options. */
  @Public()
  @Get('config')
  async clientConfig(): Promise<TClientConfig> {
    return {
      features: {
        publish: this.config.chatkit.publishEnabled,
        canvasChat: this.config.chatkit.canvasEnabled,
        llm: this.config.llm !== undefined,
      },
      chatkit: { element: this.config.chatkit.element, domainKey: this.config.chatkit.domainKey ?? null },
      auth: await this.auth.providers(),
    };
  }

  /** Canvas chat bubble telemetry: counted in /api/metrics, nothing stored. */
  @Post('telemetry')
  @HttpCode(204)
  telemetry(@Body(new ZodPipe(ZTelemetryRequest)) body: TTelemetryRequest): void {
    this.metrics.telemetryEvents.inc({ event: body.event });
  }
}
