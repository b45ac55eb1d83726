import { Injectable } from '@nestjs/common';
import { ErrorCode, type TErrorBody } from '@wfchat/contracts';
import type { FastifyInstance } from 'fastify';

/** Answered during a drain: readiness reports it, liveness stays up so nobody kills the process mid-drain, metrics keep being scraped. */
const OPS_ROUTES = new Set(['/api/healthz', '/api/readyz', '/api/metrics']);

/**
 * Graceful shutdown of one instance behind a load balancer. Once `drain()` is
 * called, readiness fails (the balancer's health check takes the instance out),
 * every new request is refused with `503` and `Retry-After` (which balancers and
 * the chat client retry on another instance) and `Connection: close` (so no
 * pooled connection keeps pointing here), and the requests already running
 * (chat streams above all) finish, for at most the drain timeout.
 */
@Injectable()
export class DrainService {
  private active = false;
  private inFlight = 0;
  private server: FastifyInstance['server'] | null = null;
  private onIdle: (() => void) | null = null;

  get draining(): boolean {
    return this.active;
  }

  /** Counts the requests in flight; register before any other hook, so a draining instance refuses before doing work. */
  register(fastify: FastifyInstance): void {
    this.server = fastify.server;
    fastify.addHook('onRequest', (request, reply, done) => {
      this.inFlight += 1;
      reply.raw.once('close', () => {
        this.inFlight -= 1;
        if (this.inFlight === 0) this.onIdle?.();
      });
      if (!this.active) return done();
      reply.header('connection', 'close');
      if (OPS_ROUTES.has(request.url.split('?', 1)[0]!)) return done();
      const body: TErrorBody = {
        code: ErrorCode.Unavailable,
        message: 'This server is restarting. Try again in a moment.',
      };
      void reply.status(503).header('retry-after', '1').send(body);
    });
  }

  /**
   * Starts draining and resolves once nothing is running or `timeoutMs` passed;
   * then cuts what is still running (as a crash would: a stream keeps the text
   * saved so far) and answers how many requests it cut.
   */
  async drain(timeoutMs: number): Promise<number> {
    this.active = true;
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.onIdle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const cut = this.inFlight;
    if (cut > 0) this.server?.closeAllConnections();
    return cut;
  }
}
