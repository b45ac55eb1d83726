import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from './logger.js';

describe('logger', () => {
  it('masks secret query parameters in URLs', () => {
    expect(redactUrl('/api/auth/oidc/callback?code=abc&state=xyz&iss=https://id')).toBe(
      '/api/auth/oidc/callback?code=[redacted]&state=[redacted]&iss=https://id',
    );
    expect(redactUrl('/api/healthz')).toBe('/api/healthz');
  });

  it('never writes credentials found in requests or logged objects', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        out += String(chunk);
        done();
      },
    });
    const logger = createLogger('info', sink);
    logger.info(
      {
        req: { method: 'GET', url: '/api/x?token=wfp_secret', headers: { authorization: 'Bearer eyJsecret' } },
        body: { password: 'hunter22', publishToken: 'wfp_abc' },
      },
      'hello',
    );
    expect(out).toContain('hello');
    expect(out).toContain('/api/x?token=[redacted]');
    for (const secret of ['eyJsecret', 'hunter22', 'wfp_abc', 'wfp_secret']) expect(out).not.toContain(secret);
  });
});
