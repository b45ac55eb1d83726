import fastifyCookie from '@fastify/cookie';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import { ErrorFilter } from './common/errors/error.filter.js';
import { NestPinoLogger } from './common/logging/logger.js';
import { contentSecurityPolicy } from './common/http/content-security-policy.js';
import { registerJsonOnly, registerRawBodyPassThrough } from './common/http/json-only.js';
import { registerWebApp } from './common/http/web-app.js';
import { defaultWebDistDir } from './common/paths.js';
import type { AppConfig } from './config/config.schema.js';
import type { Database } from './database/database.js';
import { ATTACHMENT_CONTENT_ROUTE } from './modules/attachments/attachments.controller.js';
import { DrainService } from './modules/health/drain.service.js';
import { loadKeyMaterial } from './modules/keys/key-ring.js';
import { MetricsService } from './modules/metrics/metrics.service.js';
import { ShareLinksService } from './modules/publishing/share-links.service.js';
import { DEFERRED_CHECKS } from './modules/rate-limit/rate-limit.service.js';

/** Bigger bodies are refused with 413 before any handler runs. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface CreateAppOptions {
  config: AppConfig;
  db: Database;
  redis: Redis | null;
  logger: Logger;
  /** Sees every route Fastify registers (tests compare them with the OpenAPI document). */
  onRoute?: (route: { method: string | string[]; url: string }) => void;
}

/**
 * TRUST_PROXY as Fastify takes it. A hop count keeps its documented meaning:
 * that many proxies in front of the instance are trusted, and the client is
 * the address the nearest untrusted hop appended. (Fastify 5.12 reads a bare
 * number as "trust nobody", which would give every visitor behind the
 * balancer one shared per-IP budget.)
 */
function trustProxyOption(trust: AppConfig['trustProxy']) {
  return typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust;
}

/** One log line per request, when it completes (Fastify's default adds one when it arrives). */
class OneLinePerRequest extends LogController {
  constructor(private readonly completed: Logger) {
    super();
  }

  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error)
      reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else {
      this.completed.info(
        { reqId: request.id, req: request, res: reply, responseTime: reply.elapsedTime },
        'request completed',
      );
    }
  }
}

/** Builds the whole application (API under /api, web app at /); used by main and by tests. */
export async function createApp(options: CreateAppOptions): Promise<NestFastifyApplication> {
  const { config, logger } = options;
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: trustProxyOption(config.trustProxy),
    // Unknown fields in bodies are rejected by zod; this keeps `__proto__` out.
    onProtoPoisoning: 'error',
    // The serializers write a completed request as its id, method, URL without
    // secrets and status: nothing a redaction path could match, so the one
    // line of every request skips that pass (an error's line keeps it).
    logController: new OneLinePerRequest(logger.child({}, { redact: [] })),
  });
  // Declared up front, so that the guards setting them keep the request's shape:
  // a property added to (or deleted from) it later makes every access slower.
  for (const state of ['userAuth', 'chatAuth', DEFERRED_CHECKS] as const) {
    adapter.getInstance().decorateRequest(state as string, undefined);
  }
  if (options.onRoute) adapter.getInstance().addHook('onRoute', options.onRoute);
  const keys = loadKeyMaterial(config);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ ...options, keys }), adapter, {
    logger: new NestPinoLogger(logger),
    bufferLogs: false,
  });
  await app.register(fastifyCookie, { secret: keys.cookieSecret });
  app.setGlobalPrefix('api');
  const metrics = app.get(MetricsService);
  app.useGlobalFilters(new ErrorFilter(logger, metrics));
  const fastify = app.getHttpAdapter().getInstance();
  app.get(DrainService).register(fastify);
  registerJsonOnly(fastify, [ATTACHMENT_CONTENT_ROUTE]);
  registerRawBodyPassThrough(fastify);
  // Request metrics, with the labelled children looked up once per (method, route, status).
  const children = new Map<
    string,
    {
      count: ReturnType<MetricsService['httpRequests']['labels']>;
      duration: ReturnType<MetricsService['httpDuration']['labels']>;
    }
  >();
  fastify.addHook('onResponse', (request, reply, done) => {
    done();
    // The route pattern, not the URL: ids must not explode the label set.
    const route = request.routeOptions.url ?? 'unmatched';
    if (!route.startsWith('/api')) return;
    const key = `${request.method} ${route} ${reply.statusCode}`;
    let child = children.get(key);
    if (!child) {
      const labels = { method: request.method, route, status: String(reply.statusCode) };
      child = { count: metrics.httpRequests.labels(labels), duration: metrics.httpDuration.labels(labels) };
      children.set(key, child);
    }
    child.count.inc();
    child.duration.observe(reply.elapsedTime / 1000);
  });
  const links = app.get(ShareLinksService);
  await registerWebApp(fastify, config.webDistDir ?? defaultWebDistDir, {
    contentSecurityPolicy: (frameAncestors) => contentSecurityPolicy(config.chatkit, frameAncestors),
    embedOrigins: (workflowId) => links.embedOrigins(workflowId),
  });
  await app.init();
  return app;
}
