import { SetMetadata } from '@nestjs/common';

export const IP_RATE_LIMITED = 'wfchat:ipRateLimited';

/** Counts every request to these routes against the per-IP limit, before any authentication. */
export const IpRateLimited = () => SetMetadata(IP_RATE_LIMITED, true);
