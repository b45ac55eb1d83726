import { randomBytes } from 'node:crypto';
import { startApiProcess as startServer, type ApiProcess as RunningServer } from '@wfchat/api/dev/api-process';
import { freshDatabase } from '@wfchat/api/dev/fresh-database';

/**
 * The chat JWT key ring every instance of a run shares, so a token minted on
 * one instance verifies on another (scenario 11). Test-only secret.
 */
export const E2E_CHAT_JWT_KEYS = `e2e:${'e2e-test-signing-secret-'.repeat(2)}`;

/**
 * Limits high enough that no scenario trips them by accident: Redis counters
 * are shared by every instance of the run (and other runs), keyed by 127.0.0.1.
 * Only the rate-limit spec's own instance uses low limits.
 */
export const HIGH_LIMITS: Record<string, string> = {
  RATE_LIMIT_IP_PER_MIN: '100000',
  RATE_LIMIT_PRINCIPAL_PER_MIN: '100000',
  RATE_LIMIT_MESSAGES_PER_MIN: '100000',
  RATE_LIMIT_WORKFLOW_MESSAGES_PER_MIN: '100000',
  RATE_LIMIT_SESSIONS_PER_MIN: '100000',
  RATE_LIMIT_LOGIN_PER_15MIN: '100000',
  RATE_LIMIT_LOGIN_IP_PER_15MIN: '100000',
  RATE_LIMIT_SIGNUP_PER_HOUR: '100000',
};

/** The settings every instance of the run starts with (before a spec's own). */
export function baseEnv(): Record<string, string> {
  return {
    SEED_DEMO: 'false',
    CHAT_JWT_KEYS: E2E_CHAT_JWT_KEYS,
    ...HIGH_LIMITS,
    ...(process.env.E2E_LLM_URL ? { LLM_BASE_URL: process.env.E2E_LLM_URL } : {}),
  };
}

export interface Product extends RunningServer {
  /** Stops the process and drops its database. */
  close(): Promise<void>;
}

/**
 * Another product instance for one spec, on its own fresh database (PGlite
 * directories cannot be shared by two processes), with `overrides` on top of
 * the run's settings. Start it in `beforeAll`, close it in `afterAll`.
 */
export async function startProduct(overrides: Record<string, string> = {}): Promise<Product> {
  const database = await freshDatabase('e2e');
  const server = await startServer({ ...baseEnv(), ...database.env, ...overrides });
  return {
    ...server,
    async close() {
      await server.stop();
      await database.drop();
    },
  };
}

/** Several instances on ONE fresh database (PostgreSQL only), e.g. behind one Redis. */
export async function startCluster(count: number, overrides: Record<string, string> = {}): Promise<{
  instances: RunningServer[];
  close(): Promise<void>;
}> {
  const database = await freshDatabase('e2e');
  // Migrations run at boot: start the first alone, then the others side by side.
  const first = await startServer({ ...baseEnv(), ...database.env, ...overrides });
  const rest = await Promise.all(
    Array.from({ length: count - 1 }, () => startServer({ ...baseEnv(), ...database.env, ...overrides })),
  );
  const instances = [first, ...rest];
  return {
    instances,
    async close() {
      await Promise.all(instances.map((i) => i.stop()));
      await database.drop();
    },
  };
}

/** A short random suffix for names and emails: every test makes its own data. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
