import path from 'node:path';
import { ATTACHMENT_LIMITS } from '@wfchat/contracts';
import { z } from 'zod';
import { SNIFFABLE_TYPES } from '../modules/attachments/attachment-types.js';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], {
      message: 'must be true or false',
    })
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes', 'on'].includes(v)));

const positiveInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) {
        ctx.addIssue({ code: 'custom', message: `must be a positive integer, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

/** A positive integer, or undefined when unset. */
const optionalPositiveInt = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) {
      ctx.addIssue({ code: 'custom', message: `must be a positive integer, got "${v}"` });
      return z.NEVER;
    }
    return n;
  });

const url = (protocols: string[]) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      try {
        const parsed = new URL(v);
        if (!protocols.includes(parsed.protocol)) throw new Error();
        return v;
      } catch {
        ctx.addIssue({ code: 'custom', message: `must be a ${protocols.join(' or ')} URL` });
        return z.NEVER;
      }
    });

/** `kid1:secret1,kid0:secret0`: the first key signs, every key verifies. */
const keyRing = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === '') return undefined;
    const keys = v.split(',').map((entry) => {
      const at = entry.indexOf(':');
      return { kid: entry.slice(0, at).trim(), secret: entry.slice(at + 1).trim() };
    });
    const bad = keys.find((k) => !/^[A-Za-z0-9._-]{1,64}$/.test(k.kid) || k.secret.length < 32);
    if (bad || new Set(keys.map((k) => k.kid)).size !== keys.length) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be "kid:secret" pairs separated by commas, unique kids, secrets of at least 32 characters',
      });
      return z.NEVER;
    }
    return keys;
  });

/** `false`, `true`, a hop count, or a comma-separated list of addresses/CIDRs. */
const trustProxy = z
  .string()
  .optional()
  .transform((v, ctx): boolean | number | string[] => {
    if (v === undefined || v === '' || v === 'false') return false;
    if (v === 'true') return true;
    if (/^\d+$/.test(v)) return Number(v);
    const list = v.split(',').map((s) => s.trim()).filter(Boolean);
    if (list.every((s) => /^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(s))) return list;
    ctx.addIssue({ code: 'custom', message: 'must be false, true, a hop count or a list of CIDRs' });
    return z.NEVER;
  });

export const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: positiveInt(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./.data'),
  PUBLIC_BASE_URL: url(['http:', 'https:']),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  REDIS_URL: url(['redis:', 'rediss:']),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST_DIR: z.string().optional(),
  SEED_DEMO: bool(true),

  CHAT_JWT_TTL_SECONDS: positiveInt(300),
  CHAT_JWT_KEYS: keyRing,
  PUBLISH_TOKEN_PEPPER: z.string().optional(),

  LLM_BASE_URL: url(['http:', 'https:']),
  LLM_API_KEY: z.string().optional(),
  LLM_MODEL: z.string().default('gpt-4o-mini'),
  HTTP_STEP_ALLOW_PRIVATE: bool(false),

  OIDC_ISSUER: url(['http:', 'https:']),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_NAME: z.string().default('SSO'),

  ALLOW_SIGNUP: bool(true),
  SESSION_TTL_DAYS: positiveInt(14),
  TRUST_PROXY: trustProxy,

  CHATKIT_ELEMENT: z.enum(['builtin', 'openai']).default('builtin'),
  CHATKIT_DOMAIN_KEY: z.string().optional(),
  CHATKIT_PUBLISH_ENABLED: bool(true),
  CHATKIT_CANVAS_ENABLED: bool(true),
  /** While an answer streams, what the visitor has read so far is saved this often (one UPDATE of the item). */
  CHATKIT_PARTIAL_SAVE_MS: positiveInt(3000),
  /** On SIGTERM, how long running requests (chat streams) may take to finish before they are cut: a whole turn (60 s) and its final save. */
  DRAIN_TIMEOUT_SECONDS: positiveInt(75),
  /** Chats idle for longer than this many days are deleted; unset: kept. */
  TRANSCRIPT_RETENTION_DAYS: optionalPositiveInt,

  /** Attachments (when a workflow enables them): bytes per file, files per message, uploads per visitor per day. */
  ATTACHMENTS_MAX_FILE_MB: positiveInt(10),
  ATTACHMENTS_ALLOWED_TYPES: z.string().default('image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain'),
  ATTACHMENTS_MAX_PER_MESSAGE: positiveInt(4),
  ATTACHMENTS_MAX_PER_DAY: positiveInt(50),
  /** Uploads no message references are deleted after this many hours. */
  ATTACHMENTS_UNREFERENCED_TTL_HOURS: positiveInt(24),
  /** Characters of a text attachment an llm step receives. */
  ATTACHMENTS_TEXT_CHARS: positiveInt(20_000),
  /** Unset: attachment bytes live in the database. Set: an S3-compatible bucket. */
  ATTACHMENTS_S3_BUCKET: z.string().optional(),
  ATTACHMENTS_S3_ENDPOINT: url(['http:', 'https:']),
  ATTACHMENTS_S3_REGION: z.string().default('us-east-1'),
  ATTACHMENTS_S3_ACCESS_KEY_ID: z.string().optional(),
  ATTACHMENTS_S3_SECRET_ACCESS_KEY: z.string().optional(),
  ATTACHMENTS_S3_FORCE_PATH_STYLE: bool(true),

  RATE_LIMIT_IP_PER_MIN: positiveInt(120),
  RATE_LIMIT_PRINCIPAL_PER_MIN: positiveInt(60),
  RATE_LIMIT_MESSAGES_PER_MIN: positiveInt(20),
  RATE_LIMIT_WORKFLOW_MESSAGES_PER_MIN: positiveInt(600),
  RATE_LIMIT_SESSIONS_PER_MIN: positiveInt(30),
  RATE_LIMIT_LOGIN_PER_15MIN: positiveInt(10),
  RATE_LIMIT_LOGIN_IP_PER_15MIN: positiveInt(50),
  RATE_LIMIT_SIGNUP_PER_HOUR: positiveInt(10),

  // Argon2id holds 19 MiB per hash on the libuv thread pool: at most this many
  // at once, at most PASSWORD_HASH_QUEUE waiting, the rest answered 503.
  PASSWORD_HASH_CONCURRENCY: positiveInt(2),
  PASSWORD_HASH_QUEUE: positiveInt(32),
});

export type AppConfig = ReturnType<typeof toConfig>;

function toConfig(env: z.infer<typeof ZEnv>) {
  const dataDir = path.resolve(env.DATA_DIR);
  const publicBaseUrl = (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    dataDir,
    publicBaseUrl,
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    logLevel: env.LOG_LEVEL,
    webDistDir: env.WEB_DIST_DIR,
    seedDemo: env.SEED_DEMO,
    chatJwt: { ttlSeconds: env.CHAT_JWT_TTL_SECONDS, keys: env.CHAT_JWT_KEYS },
    publishTokenPepper: env.PUBLISH_TOKEN_PEPPER,
    llm: env.LLM_BASE_URL
      ? { baseUrl: env.LLM_BASE_URL.replace(/\/+$/, ''), apiKey: env.LLM_API_KEY, model: env.LLM_MODEL }
      : undefined,
    httpStepAllowPrivate: env.HTTP_STEP_ALLOW_PRIVATE,
    oidc:
      env.OIDC_ISSUER && env.OIDC_CLIENT_ID
        ? {
            issuer: env.OIDC_ISSUER,
            clientId: env.OIDC_CLIENT_ID,
            clientSecret: env.OIDC_CLIENT_SECRET,
            name: env.OIDC_NAME,
          }
        : undefined,
    allowSignup: env.ALLOW_SIGNUP,
    sessionTtlDays: env.SESSION_TTL_DAYS,
    trustProxy: env.TRUST_PROXY,
    chatkit: {
      element: env.CHATKIT_ELEMENT,
      domainKey: env.CHATKIT_DOMAIN_KEY,
      publishEnabled: env.CHATKIT_PUBLISH_ENABLED,
      canvasEnabled: env.CHATKIT_CANVAS_ENABLED,
    },
    chatStream: { partialSaveMs: env.CHATKIT_PARTIAL_SAVE_MS },
    drainTimeoutMs: env.DRAIN_TIMEOUT_SECONDS * 1000,
    transcriptRetentionDays: env.TRANSCRIPT_RETENTION_DAYS,
    attachments: {
      maxFileBytes: env.ATTACHMENTS_MAX_FILE_MB * 1024 * 1024,
      allowedTypes: env.ATTACHMENTS_ALLOWED_TYPES.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean),
      maxPerMessage: env.ATTACHMENTS_MAX_PER_MESSAGE,
      maxPerDay: env.ATTACHMENTS_MAX_PER_DAY,
      unreferencedTtlMs: env.ATTACHMENTS_UNREFERENCED_TTL_HOURS * 3_600_000,
      textChars: env.ATTACHMENTS_TEXT_CHARS,
      s3: env.ATTACHMENTS_S3_BUCKET
        ? {
            bucket: env.ATTACHMENTS_S3_BUCKET,
            endpoint: env.ATTACHMENTS_S3_ENDPOINT,
            region: env.ATTACHMENTS_S3_REGION,
            accessKeyId: env.ATTACHMENTS_S3_ACCESS_KEY_ID,
            secretAccessKey: env.ATTACHMENTS_S3_SECRET_ACCESS_KEY,
            forcePathStyle: env.ATTACHMENTS_S3_FORCE_PATH_STYLE,
          }
        : undefined,
    },
    rateLimits: {
      ipPerMin: env.RATE_LIMIT_IP_PER_MIN,
      principalPerMin: env.RATE_LIMIT_PRINCIPAL_PER_MIN,
      messagesPerMin: env.RATE_LIMIT_MESSAGES_PER_MIN,
      workflowMessagesPerMin: env.RATE_LIMIT_WORKFLOW_MESSAGES_PER_MIN,
      sessionsPerMin: env.RATE_LIMIT_SESSIONS_PER_MIN,
      loginPer15Min: env.RATE_LIMIT_LOGIN_PER_15MIN,
      loginIpPer15Min: env.RATE_LIMIT_LOGIN_IP_PER_15MIN,
      signupPerHour: env.RATE_LIMIT_SIGNUP_PER_HOUR,
    },
    passwordHashing: { concurrency: env.PASSWORD_HASH_CONCURRENCY, queue: env.PASSWORD_HASH_QUEUE },
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws a ConfigError listing every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  // Empty strings mean "unset" for optional variables, as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = ZEnv.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const problems: string[] = [];
  const e = result.data;
  if (e.OIDC_ISSUER && !e.OIDC_CLIENT_ID) problems.push('OIDC_CLIENT_ID: required when OIDC_ISSUER is set');
  if (e.CHATKIT_ELEMENT === 'openai' && !e.CHATKIT_DOMAIN_KEY)
    problems.push('CHATKIT_DOMAIN_KEY: required when CHATKIT_ELEMENT=openai');
  const unknownTypes = e.ATTACHMENTS_ALLOWED_TYPES.split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t && !SNIFFABLE_TYPES.includes(t));
  if (unknownTypes.length)
    problems.push(`ATTACHMENTS_ALLOWED_TYPES: ${unknownTypes.join(', ')} cannot be checked; use some of ${SNIFFABLE_TYPES.join(', ')}`);
  if (e.ATTACHMENTS_MAX_PER_MESSAGE > ATTACHMENT_LIMITS.perMessage)
    problems.push(`ATTACHMENTS_MAX_PER_MESSAGE: at most ${ATTACHMENT_LIMITS.perMessage}`);
  if (problems.length) throw new ConfigError(problems);
  return toConfig(e);
}
