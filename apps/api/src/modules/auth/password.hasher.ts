import { Inject, Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { ErrorCode } from '@wfchat/contracts';
import pLimit, { type LimitFunction } from 'p-limit';
import { AppError } from '../../common/errors/app-error.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';

// OWASP's minimum recommendation for Argon2id (19 MiB, 2 iterations, 1 lane).
// algorithm 2 is Argon2id (the package's enum is const, which isolatedModules cannot inline).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/** A queued hash waits for a few others only; a second is ample before trying again. */
const RETRY_AFTER_SECONDS = 1;

/**
 * Argon2id hashing with bounded work: each hash holds 19 MiB and a libuv
 * thread, so a flood of sign-ins must neither exhaust memory nor starve the
 * thread pool. At most `concurrency` run at once and `queue` wait; beyond that
 * the request is answered 503 `service.unavailable` with `Retry-After` (the
 * server is busy for everyone, which is not one client's quota: the per-IP
 * limits answer 429 before any hashing).
 */
@Injectable()
export class PasswordHasher {
  private readonly limit: LimitFunction;
  private readonly queue: number;
  /** Verified against when the email is unknown, so both answers take the same time. */
  private readonly decoy = hash('decoy password that never matches', OPTIONS);

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limit = pLimit(config.passwordHashing.concurrency);
    this.queue = config.passwordHashing.queue;
  }

  hash(password: string): Promise<string> {
    return this.bounded(() => hash(password, OPTIONS));
  }

  /** Constant-time verification; `null` (unknown user) still costs one hash. */
  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    const against = passwordHash ?? (await this.decoy);
    const ok = await this.bounded(() => verify(against, password).catch(() => false));
    return passwordHash !== null && ok;
  }

  private bounded<T>(work: () => Promise<T>): Promise<T> {
    if (this.limit.pendingCount >= this.queue) {
      return Promise.reject(
        new AppError(503, ErrorCode.Unavailable, 'The server is busy signing people in. Try again in a moment.', {
          'Retry-After': String(RETRY_AFTER_SECONDS),
        }),
      );
    }
    return this.limit(work);
  }
}
