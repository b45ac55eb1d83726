import { describe, expect, it } from 'vitest';
import { isSafeReturnPath, ZLoginRequest, ZSignupRequest } from './auth.js';

describe('auth schemas', () => {
  it('normalises emails and rejects unknown fields', () => {
    expect(ZSignupRequest.parse({ email: ' Ada@Example.COM ', password: 'long enough' }).email).toBe('ada@example.com');
    expect(() => ZLoginRequest.parse({ email: 'a@b.co', password: 'x', admin: true })).toThrow();
  });

  it('enforces the password length bounds', () => {
    expect(() => ZSignupRequest.parse({ email: 'a@b.co', password: 'short' })).toThrow(/at least 8/);
    expect(() => ZSignupRequest.parse({ email: 'a@b.co', password: 'x'.repeat(257) })).toThrow(/at most 256/);
  });
});

describe('isSafeReturnPath', () => {
  it('accepts paths on this site', () => {
    for (const p of ['/', '/chat/wf_1', '/workflows/abc?tab=publish']) expect(isSafeReturnPath(p)).toBe(true);
  });
  it('refuses anything that can leave the site', () => {
    for (const p of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '', 'chat', '/\nx', 42]) {
      expect(isSafeReturnPath(p)).toBe(false);
    }
  });
});
