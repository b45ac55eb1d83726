import { Controller, Get, Res } from '@nestjs/common';
import type { THealthResponse, TReadyResponse } from '@wfchat/contracts';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/auth/public.decorator.js';
import { HealthService } from './health.service.js';

@Public()
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('healthz')
  healthz(): THealthResponse {
    return { status: 'ok' };
  }

  @Get('readyz')
  async readyz(@Res({ passthrough: true }) reply: FastifyReply): Promise<TReadyResponse> {
    const result = await this.health.readiness();
    if (result.status !== 'ok') reply.status(503);
    return result;
  }
}
