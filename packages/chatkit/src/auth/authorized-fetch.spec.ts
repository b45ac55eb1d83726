import { describe, expect, it, vi } from 'vitest';
import { createAuthorizedFetch, MAX_RETRY_AFTER_SECONDS, UNAVAILABLE_RETRIES } from './authorized-fetch.js';
import type { ChatError } from './chat-token.types.js';
import { createTokenManager } from './token-manager.js';

const inFiveMinutes = () => new Date(Date.now() + 300_000).toISOString();

function setup(responder: (auth: string, call: number) => Response) {
  let minted = 0;
  const getToken = vi.fn(async () => ({ token: `jwt-${++minted}`, expiresAt: inFiveMinutes() }));
  const seen: Headers[] = [];
  const baseFetch = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    seen.push(headers);
    return responder(headers.get('Authorization') ?? '', seen.length);
  });
  const errors: ChatError[] = [];
  const authorizedFetch = createAuthorizedFetch({
    tokens: createTokenManager({ getToken }),
    onError: (error) => errors.push(error),
    fetch: baseFetch as unknown as typeof fetch,
  });
  return { authorizedFetch, getToken, baseFetch, seen, errors };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

describe('createAuthorizedFetch', () => {
  it('adds the bearer token and keeps the headers ChatKit set', async () => {
    const { authorizedFetch, seen, errors } = setup(() => json(200, {}));
    await authorizedFetch('/api/chatkit', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-ChatKit-Client': 'builtin' },
      body: '{}',
    });
    expect(seen[0]?.get('Authorization')).toBe('Bearer jwt-1');
    expect(seen[0]?.get('Content-Type')).toBe('application/json');
    expect(seen[0]?.get('X-ChatKit-Client')).toBe('builtin');
    expect(errors).toEqual([]);
  });

  it('keeps headers given as a Headers instance or as a Request', async () => {
    const { authorizedFetch, seen } = setup(() => json(200, {}));
    await authorizedFetch('/api/chatkit', { headers: new Headers({ 'X-A': '1' }) });
    await authorizedFetch(new Request('http://localhost/api/chatkit', { method: 'POST', headers: { 'X-B': '2' }, body: '{}' }));
    expect(seen[0]?.get('X-A')).toBe('1');
    expect(seen[1]?.get('X-B')).toBe('2');
    expect(seen[1]?.get('Authorization')).toBe('Bearer jwt-1');
  });

  it('uses one getToken call for N concurrent requests', async () => {
    const { authorizedFetch, getToken } = setup(() => json(200, {}));
    await Promise.all(Array.from({ length: 8 }, () => authorizedFetch('/api/chatkit', { method: 'POST' })));
    expect(getToken).toHaveBeenCalledTimes(1);
  });

  it('after a 401 renews the token once and retries with it', async () => {
    const { authorizedFetch, getToken, seen, errors } = setup((auth) =>
      auth === 'Bearer jwt-1' ? json(401, { code: 'auth.token_expired', message: 'expired' }) : json(200, { ok: true }),
    );
    const response = await authorizedFetch('/api/chatkit', { method: 'POST', body: '{"type":"threads.list","params":{}}' });
    expect(response.status).toBe(200);
    expect(seen.map((h) => h.get('Authorization'))).toEqual(['Bearer jwt-1', 'Bearer jwt-2']);
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(errors).toEqual([]);
  });

  it('reports a second 401 instead of looping', async () => {
    const { authorizedFetch, baseFetch, getToken, errors } = setup(() =>
      json(401, { code: 'auth.token_revoked', message: 'The link was revoked' }),
    );
    const response = await authorizedFetch('/api/chatkit', { method: 'POST' });
    expect(response.status).toBe(401);
    expect(baseFetch).toHaveBeenCalledTimes(2);
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(errors).toEqual([{ status: 401, code: 'auth.token_revoked', message: 'The link was revoked' }]);
    // The body is still readable by ChatKit after we looked at it.
    expect(await response.json()).toMatchObject({ code: 'auth.token_revoked' });
  });

  it.each([
    [403, 'auth.forbidden'],
    [404, 'thread.not_found'],
    [500, 'internal'],
    [503, 'service.unavailable'],
  ])('reports %i with the code from the body', async (status, code) => {
    const { authorizedFetch, errors, baseFetch } = setup(() => json(status, { code, message: `m${status}` }));
    await authorizedFetch('/api/chatkit', { method: 'POST' });
    expect(errors).toEqual([{ status, code, message: `m${status}` }]);
    expect(baseFetch).toHaveBeenCalledTimes(1);
  });

  it('reports 429 with Retry-After seconds', async () => {
    const { authorizedFetch, errors } = setup(() => json(429, { code: 'rate_limited', message: 'Slow down' }, { 'Retry-After': '17' }));
    await authorizedFetch('/api/chatkit', { method: 'POST' });
    expect(errors).toEqual([{ status: 429, code: 'rate_limited', message: 'Slow down', retryAfterSeconds: 17 }]);
  });

  it('reports a non-JSON 502 with a status-derived code', async () => {
    const { authorizedFetch, errors } = setup(() => new Response('<html>bad gateway</html>', { status: 502 }));
    await authorizedFetch('/api/chatkit', { method: 'POST' });
    expect(errors[0]).toMatchObject({ status: 502, code: 'http.502' });
  });

  it('does not report statuses the host has no screen for (400, 413)', async () => {
    const { authorizedFetch, errors } = setup((_auth, call) =>
      json(call === 1 ? 400 : 413, { code: 'request.invalid', message: 'bad' }),
    );
    await authorizedFetch('/api/chatkit', { method: 'POST' });
    await authorizedFetch('/api/chatkit', { method: 'POST' });
    expect(errors).toEqual([]);
  });

  describe('503 with Retry-After', () => {
    const unavailable = (retryAfter = '3') =>
      json(503, { code: 'service.unavailable', message: 'Try again' }, { 'Retry-After': retryAfter });

    it('waits Retry-After, then retries the same request, and reports nothing when that works', async () => {
      vi.useFakeTimers();
      try {
        const { authorizedFetch, baseFetch, errors } = setup((_auth, call) => (call === 1 ? unavailable('3') : json(200, { ok: true })));
        const pending = authorizedFetch('/api/chatkit', { method: 'POST', body: '{"type":"threads.list"}' });
        await vi.advanceTimersByTimeAsync(2_900);
        expect(baseFetch).toHaveBeenCalledTimes(1);
        await vi.advanceTimersByTimeAsync(200);
        const response = await pending;
        expect(response.status).toBe(200);
        expect(baseFetch).toHaveBeenCalledTimes(2);
        expect(baseFetch.mock.calls[1]?.[1]?.body).toBe('{"type":"threads.list"}');
        expect(errors).toEqual([]);
      } finally {
        vi.useRealTimers();
      }
    });

    it('gives up after a bounded number of retries and reports the 503 once', async () => {
      vi.useFakeTimers();
      try {
        const { authorizedFetch, baseFetch, errors } = setup(() => unavailable('1'));
        const pending = authorizedFetch('/api/chatkit', { method: 'POST' });
        await vi.advanceTimersByTimeAsync(60_000);
        expect((await pending).status).toBe(503);
        expect(baseFetch).toHaveBeenCalledTimes(1 + UNAVAILABLE_RETRIES);
        expect(errors).toEqual([{ status: 503, code: 'service.unavailable', message: 'Try again', retryAfterSeconds: 1 }]);
      } finally {
        vi.useRealTimers();
      }
    });

    it('does not wait on a 503 without Retry-After or with a long one', async () => {
      const { authorizedFetch, baseFetch } = setup((_auth, call) =>
        call === 1 ? json(503, { code: 'service.unavailable', message: 'down' }) : unavailable(String(MAX_RETRY_AFTER_SECONDS + 1)),
      );
      expect((await authorizedFetch('/api/chatkit', { method: 'POST' })).status).toBe(503);
      expect((await authorizedFetch('/api/chatkit', { method: 'POST' })).status).toBe(503);
      expect(baseFetch).toHaveBeenCalledTimes(2);
    });

    it('stops waiting when the request is aborted', async () => {
      const { authorizedFetch, baseFetch } = setup(() => unavailable('5'));
      const controller = new AbortController();
      const pending = authorizedFetch('/api/chatkit', { method: 'POST', signal: controller.signal });
      await vi.waitFor(() => expect(baseFetch).toHaveBeenCalledTimes(1));
      controller.abort();
      await expect(pending).rejects.toBeDefined();
      expect(baseFetch).toHaveBeenCalledTimes(1);
    });
  });
});
