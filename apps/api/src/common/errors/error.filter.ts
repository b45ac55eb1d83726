import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ErrorCode, type TErrorBody } from '@wfchat/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import type { Logger } from 'pino';
import type { MetricsService } from '../../modules/metrics/metrics.service.js';
import { AppError } from './app-error.js';
import { isDependencyOutage, OUTAGE_RETRY_AFTER_SECONDS } from './outage.js';

interface Mapped {
  status: number;
  body: TErrorBody;
  headers?: Record<string, string>;
}

const statusCodes: Record<number, string> = {
  400: ErrorCode.RequestInvalid,
  401: ErrorCode.AuthUnauthenticated,
  403: ErrorCode.AuthForbidden,
  404: ErrorCode.RouteNotFound,
  405: ErrorCode.RouteNotFound,
  413: ErrorCode.RequestTooLarge,
  415: ErrorCode.RequestInvalid,
  429: ErrorCode.RateLimited,
};

/** Maps any thrown value to a `{code, message}` body. Bad input is never a 500. */
export function mapError(error: unknown): Mapped {
  if (error instanceof AppError) {
    return {
      status: error.status,
      body: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) },
      headers: error.headers,
    };
  }
  if (error instanceof ZodError) {
    const issues = error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
    return {
      status: 400,
      body: {
        code: ErrorCode.RequestInvalid,
        message: `Invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        issues,
      },
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'object' && response && 'message' in response && typeof response.message === 'string'
        ? response.message
        : error.message;
    return { status, body: { code: statusCodes[status] ?? ErrorCode.Internal, message } };
  }
  // Errors raised by Fastify itself while reading the request (bad JSON, size, media type).
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    const message =
      status === 413
        ? 'The request body is too large.'
        : status === 415
          ? 'Unsupported content type: send application/json.'
          : fastifyError.code?.startsWith('FST_ERR_CTP')
            ? 'The request body is not valid JSON.'
            : (fastifyError.message ?? 'Bad request.');
    return { status, body: { code: statusCodes[status] ?? ErrorCode.RequestInvalid, message } };
  }
  // Before Prisma's codes: a pool timeout or a dropped connection is not a conflict.
  if (isDependencyOutage(error)) {
    return {
      status: 503,
      body: { code: ErrorCode.Unavailable, message: 'The service is briefly unavailable. Try again in a few seconds.' },
      headers: { 'Retry-After': String(OUTAGE_RETRY_AFTER_SECONDS) },
    };
  }
  const prismaCode = (error as { code?: string })?.code;
  if (prismaCode === 'P2025') {
    return { status: 404, body: { code: ErrorCode.RouteNotFound, message: 'Not found.' } };
  }
  if (prismaCode === 'P2002' || prismaCode === 'P2034') {
    return { status: 409, body: { code: 'conflict', message: 'The resource was changed concurrently. Retry.' } };
  }
  return { status: 500, body: { code: ErrorCode.Internal, message: 'Something went wrong on our side.' } };
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly metrics?: MetricsService,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const mapped = mapError(error);
    if ((mapped.status === 401 || mapped.status === 403) && mapped.body.code.startsWith('auth.')) {
      this.metrics?.authFailures.inc({ code: mapped.body.code });
    }
    if (mapped.status === 503) {
      this.logger.warn({ err: error, reqId: request?.id }, 'request failed: a dependency is unavailable');
    } else if (mapped.status >= 500) {
      this.logger.error({ err: error, reqId: request?.id }, 'request failed');
    }
    if (reply.sent || reply.raw.headersSent) {
      // A stream already started; nothing sensible can be sent any more.
      reply.raw.end();
      return;
    }
    void reply.status(mapped.status).headers(mapped.headers ?? {}).send(mapped.body);
  }
}
