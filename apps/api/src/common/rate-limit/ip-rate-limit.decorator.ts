import { SetMetadata } from '@nestjs/common';

export const IP_RATE_LIMITED = 'wfchat:ipRateLimited';

export interface IpRateLimitOptions {
  /**
   * The handler counts the IP limit itself, together with the limits it only
   * knows later, in one step (`RateLimitService.takeDeferred`). Its guard must
   * count it when it refuses the request (see ChatAuthGuard).
   */
  deferred?: boolean;
}

/** Counts every request to these routes against the per-IP limit, before any authentication. */
export const IpRateLimited = (options: IpRateLimitOptions = {}) =>
  SetMetadata(IP_RATE_LIMITED, { deferred: options.deferred === true });
