import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-context.js';
import { newId, randomToken, sha256Hex } from '../../common/crypto/tokens.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { SessionsRepository } from './sessions.repository.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Sliding expiry is written at most this often per session, not on every request. */
const EXTEND_EVERY_MS = 10 * 60 * 1000;
const CLEANUP_EVERY_MS = 60 * 60 * 1000;

/** Login sessions: an opaque random token in a cookie; only its SHA-256 is stored. */
@Injectable()
export class SessionsService implements OnModuleInit, OnModuleDestroy {
  private cleanupTimer?: NodeJS.Timeout;

  constructor(
    private readonly sessions: SessionsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get ttlMs(): number {
    return this.config.sessionTtlDays * DAY_MS;
  }

  onModuleInit() {
    this.cleanupTimer = setInterval(() => void this.cleanup().catch(() => undefined), CLEANUP_EVERY_MS);
    this.cleanupTimer.unref();
  }

  onModuleDestroy() {
    clearInterval(this.cleanupTimer);
  }

  async create(userId: string, userAgent?: string): Promise<{ token: string; expiresAt: Date }> {
    const token = randomToken();
    const expiresAt = new Date(Date.now() + this.ttlMs);
    await this.sessions.create({
      id: newId('ses'),
      tokenHash: sha256Hex(token),
      userId,
      expiresAt,
      userAgent: userAgent?.slice(0, 300),
    });
    return { token, expiresAt };
  }

  /** The session's user, extending the expiry when it is in use; null when unknown or expired. */
  async resolve(token: string): Promise<{ user: AuthUser; sessionId: string; renewed: boolean } | null> {
    const session = await this.sessions.findByHash(sha256Hex(token));
    if (!session) return null;
    const now = Date.now();
    if (session.expiresAt.getTime() <= now) {
      await this.sessions.delete(session.id);
      return null;
    }
    const renewed = now - session.lastUsedAt.getTime() > EXTEND_EVERY_MS;
    if (renewed) await this.sessions.extend(session.id, new Date(now), new Date(now + this.ttlMs));
    return { user: session.user, sessionId: session.id, renewed };
  }

  revoke(sessionId: string): Promise<void> {
    return this.sessions.delete(sessionId);
  }

  cleanup(): Promise<number> {
    return this.sessions.deleteExpired(new Date());
  }
}
