import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { IP_RATE_LIMITED, type IpRateLimitOptions } from '../../common/rate-limit/ip-rate-limit.decorator.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { clientIpKey } from './client-ip-key.js';
import { RateLimitService } from './rate-limit.service.js';
import { routeMetadata } from '../../common/auth/route-metadata.js';

const MINUTE_MS = 60_000;

/** The per-IP limit of public and chat endpoints; `request.ip` honours TRUST_PROXY. */
@Injectable()
export class IpRateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimitService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const marked = routeMetadata<IpRateLimitOptions>(this.reflector, IP_RATE_LIMITED, context);
    if (!marked) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const check = {
      bucket: 'ip',
      key: clientIpKey(request.ip),
      limit: this.config.rateLimits.ipPerMin,
      windowMs: MINUTE_MS,
    };
    if (marked.deferred) this.limits.defer(request, check);
    else await this.limits.consumeAll([check]);
    return true;
  }
}
