import { createHmac } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../common/errors/app-error.js';
import { parseConfig } from '../../config/config.schema.js';
import { ChatTokensService } from './chat-tokens.service.js';

const secretA = 'a'.repeat(40);
const secretB = 'b'.repeat(40);
const config = parseConfig({ CHAT_JWT_TTL_SECONDS: '300', PUBLIC_BASE_URL: 'https://chat.example.com' });
const make = (keys: { kid: string; secret: string }[], ttl = 300) =>
  new ChatTokensService(new JwtService(), { jwtKeys: keys, cookieSecret: 'x' }, { ...config, chatJwt: { ttlSeconds: ttl, keys } });
const input = { sub: 'visitor:abc', wf: 'wf_1', mode: 'public' as const, gen: 3, ver: 2 };

const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
const parts = (token: string) => token.split('.') as [string, string, string];
function resign(header: object, payload: object, secret: string) {
  const head = `${b64(header)}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}
function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as AppError).code;
  }
  return undefined;
}

describe('ChatTokensService', () => {
  afterEach(() => vi.useRealTimers());

  it('remembers a verified token, yet refuses it once expired and never lets a tampered copy through', () => {
    const service = make([{ kid: 'k1', secret: secretA }], 60);
    const { token } = service.sign(input);
    expect(service.verify(token)).toBe(service.verify(token));
    const [h, p, s] = parts(token);
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    expect(codeOf(() => service.verify(`${h}.${b64({ ...claims, sub: 'visitor:other' })}.${s}`))).toBe('auth.invalid_token');
    vi.useFakeTimers({ now: (claims.exp + 1) * 1000 });
    expect(codeOf(() => service.verify(token))).toBe('auth.token_expired');
    expect(codeOf(() => service.verify(token))).toBe('auth.token_expired');
  });

  it('signs the claims of the spec with a kid header and a 5-minute lifetime', () => {
    const service = make([{ kid: 'k1', secret: secretA }]);
    const { token, expiresAt } = service.sign(input);
    const header = JSON.parse(Buffer.from(parts(token)[0], 'base64url').toString());
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'k1' });
    const claims = service.verify(token);
    expect(claims).toMatchObject({ iss: 'https://chat.example.com', aud: 'chatkit', ...input });
    expect(claims.exp - claims.iat).toBe(300);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(expiresAt).getTime()).toBe(claims.exp * 1000);
  });

  it('refuses alg "none"', () => {
    const service = make([{ kid: 'k1', secret: secretA }]);
    const [, payload] = parts(service.sign(input).token);
    const unsigned = `${b64({ alg: 'none', typ: 'JWT', kid: 'k1' })}.${payload}.`;
    expect(codeOf(() => service.verify(unsigned))).toBe('auth.invalid_token');
  });

  it('refuses a tampered payload', () => {
    const service = make([{ kid: 'k1', secret: secretA }]);
    const [h, p, s] = parts(service.sign(input).token);
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = `${h}.${b64({ ...claims, wf: 'wf_other' })}.${s}`;
    expect(codeOf(() => service.verify(forged))).toBe('auth.invalid_token');
  });

  it('refuses an expired token with auth.token_expired', () => {
    const service = make([{ kid: 'k1', secret: secretA }]);
    const claims = service.verify(service.sign(input).token);
    const expired = resign({ alg: 'HS256', typ: 'JWT', kid: 'k1' }, { ...claims, exp: Math.floor(Date.now() / 1000) - 1 }, secretA);
    expect(codeOf(() => service.verify(expired))).toBe('auth.token_expired');
  });

  it('refuses a token signed with a key that is not in the ring, and an unknown kid', () => {
    const service = make([{ kid: 'k1', secret: secretA }]);
    const claims = service.verify(service.sign(input).token);
    expect(codeOf(() => service.verify(resign({ alg: 'HS256', typ: 'JWT', kid: 'k1' }, claims, secretB)))).toBe(
      'auth.invalid_token',
    );
    expect(codeOf(() => service.verify(resign({ alg: 'HS256', typ: 'JWT', kid: 'k9' }, claims, secretA)))).toBe(
      'auth.invalid_token',
    );
    expect(codeOf(() => service.verify(resign({ alg: 'HS256', typ: 'JWT' }, claims, secretA)))).toBe('auth.invalid_token');
  });

  it('refuses a token for another audience or issuer, or without the mandatory wf claim', () => {
    const service = make([{ kid: 'k1', secret: secretA }]);
    const claims = service.verify(service.sign(input).token);
    const h = { alg: 'HS256', typ: 'JWT', kid: 'k1' };
    expect(codeOf(() => service.verify(resign(h, { ...claims, aud: 'other' }, secretA)))).toBe('auth.invalid_token');
    expect(codeOf(() => service.verify(resign(h, { ...claims, iss: 'https://evil' }, secretA)))).toBe('auth.invalid_token');
    const { wf: _wf, ...noWf } = claims;
    expect(codeOf(() => service.verify(resign(h, noWf, secretA)))).toBe('auth.invalid_token');
    const { gen: _gen, ...noGen } = claims;
    expect(codeOf(() => service.verify(resign(h, noGen, secretA)))).toBe('auth.invalid_token');
  });

  it('rolls keys over: the new first key signs, the old one still verifies', () => {
    const before = make([{ kid: 'old', secret: secretA }]);
    const oldToken = before.sign(input).token;
    const after = make([
      { kid: 'new', secret: secretB },
      { kid: 'old', secret: secretA },
    ]);
    expect(after.verify(oldToken).sub).toBe('visitor:abc');
    const newToken = after.sign(input).token;
    expect(JSON.parse(Buffer.from(parts(newToken)[0], 'base64url').toString()).kid).toBe('new');
    // Once the old key leaves the ring, its tokens stop working.
    expect(codeOf(() => make([{ kid: 'new', secret: secretB }]).verify(oldToken))).toBe('auth.invalid_token');
  });
});
