import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.schema.js';

describe('parseConfig', () => {
  it('gives the embedded defaults of the spec when nothing is set', () => {
    const config = parseConfig({});
    expect(config.port).toBe(3000);
    expect(config.publicBaseUrl).toBe('http://localhost:3000');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.chatJwt.ttlSeconds).toBe(300);
    expect(config.allowSignup).toBe(true);
    expect(config.trustProxy).toBe(false);
    expect(config.chatkit).toEqual({ element: 'builtin', domainKey: undefined, publishEnabled: true, canvasEnabled: true });
    expect(config.rateLimits).toEqual({
      ipPerMin: 120,
      principalPerMin: 60,
      messagesPerMin: 20,
      workflowMessagesPerMin: 600,
      sessionsPerMin: 30,
      loginPer15Min: 10,
      loginIpPer15Min: 50,
      signupPerHour: 10,
    });
  });

  it('gives running streams 75 s to finish on SIGTERM unless DRAIN_TIMEOUT_SECONDS says otherwise', () => {
    expect(parseConfig({}).drainTimeoutMs).toBe(75_000);
    expect(parseConfig({ DRAIN_TIMEOUT_SECONDS: '10' }).drainTimeoutMs).toBe(10_000);
    expect(() => parseConfig({ DRAIN_TIMEOUT_SECONDS: '0' })).toThrow(/DRAIN_TIMEOUT_SECONDS/);
  });

  it('keeps transcripts unless TRANSCRIPT_RETENTION_DAYS is a positive number of days', () => {
    expect(parseConfig({}).transcriptRetentionDays).toBeUndefined();
    expect(parseConfig({ TRANSCRIPT_RETENTION_DAYS: '90' }).transcriptRetentionDays).toBe(90);
    for (const bad of ['0', '-1', '1.5', 'forever']) {
      expect(() => parseConfig({ TRANSCRIPT_RETENTION_DAYS: bad })).toThrow(/TRANSCRIPT_RETENTION_DAYS/);
    }
  });

  it('derives PUBLIC_BASE_URL from PORT and strips a trailing slash when given', () => {
    expect(parseConfig({ PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
    expect(parseConfig({ PUBLIC_BASE_URL: 'https://chat.example.com/' }).publicBaseUrl).toBe('https://chat.example.com');
  });

  it('lists every invalid variable at once', () => {
    let error: ConfigError | undefined;
    try {
      parseConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        ALLOW_SIGNUP: 'maybe',
        CHAT_JWT_KEYS: 'k1:short',
        RATE_LIMIT_IP_PER_MIN: '-1',
      });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const vars = error!.problems.map((p) => p.split(':')[0]);
    expect(vars.sort()).toEqual(['ALLOW_SIGNUP', 'CHAT_JWT_KEYS', 'DATABASE_URL', 'PORT', 'RATE_LIMIT_IP_PER_MIN']);
  });

  it('parses the key ring, first key first', () => {
    const secret = 'x'.repeat(32);
    const config = parseConfig({ CHAT_JWT_KEYS: `new:${secret}1,old:${secret}0` });
    expect(config.chatJwt.keys).toEqual([
      { kid: 'new', secret: `${secret}1` },
      { kid: 'old', secret: `${secret}0` },
    ]);
  });

  it('accepts TRUST_PROXY as a boolean, hop count or CIDR list', () => {
    expect(parseConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(parseConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(parseConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(() => parseConfig({ TRUST_PROXY: 'everyone' })).toThrow(ConfigError);
  });

  it('requires what an enabled option depends on', () => {
    expect(() => parseConfig({ OIDC_ISSUER: 'https://id.example.com' })).toThrow(/OIDC_CLIENT_ID/);
    expect(() => parseConfig({ CHATKIT_ELEMENT: 'openai' })).toThrow(/CHATKIT_DOMAIN_KEY/);
  });
});
