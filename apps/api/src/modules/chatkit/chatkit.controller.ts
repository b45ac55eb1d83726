import { Body, Controller, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChatAuth } from '../../common/auth/route-auth.js';
import { IpRateLimited } from '../../common/rate-limit/ip-rate-limit.decorator.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { chatContextOf } from './chatkit.context.js';
import { ChatkitService } from './chatkit.service.js';
import { SseWriter } from './chatkit.sse.js';

/**
 * `POST /api/chatkit`: the ChatKit protocol endpoint. Authenticated by a chat
 * JWT (or publish token) through the global chat guard; the per-IP limit is
 * counted with the chat limits in one step (see ChatAuthGuard). JSON operations answer JSON; streaming ones answer Server-Sent Events
 * written straight to the socket (no compression, one write per event).
 */
@ChatAuth()
@IpRateLimited({ deferred: true })
@Controller('chatkit')
export class ChatkitController {
  constructor(
    private readonly chatkit: ChatkitService,
    private readonly metrics: MetricsService,
    private readonly rateLimits: RateLimitService,
  ) {}

  @Post()
  async handle(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: unknown,
    @Query('trace') trace?: unknown,
  ): Promise<void> {
    const startedAt = performance.now();
    const deferred = this.rateLimits.takeDeferred(request);
    const result = await this.chatkit.process(chatContextOf(request.chatAuth!), body, deferred, trace === '1');
    if (result.kind === 'json') {
      await reply.status(200).send(result.body);
      return;
    }
    reply.hijack();
    const sse = new SseWriter(reply.raw);
    this.metrics.activeStreams.inc();
    try {
      sse.open();
      await result.run(sse, startedAt);
    } catch (error) {
      request.log.error({ err: error }, 'chatkit stream failed');
      this.metrics.chatErrors.inc({ code: 'stream.error' });
      sse.send({ type: 'error', code: 'stream.error', message: 'Something went wrong. Try again.', allow_retry: true });
    } finally {
      sse.end();
      this.metrics.activeStreams.dec();
      this.metrics.turnDuration.observe((performance.now() - startedAt) / 1000);
    }
  }
}
