import { afterEach, describe, expect, it, vi } from 'vitest';
import { progressFetch } from './progress-fetch.js';

/** Just enough XMLHttpRequest to see what progressFetch sends and to drive its events. */
class FakeXhr {
  static last: FakeXhr | null = null;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  responseType = '';
  status = 0;
  statusText = '';
  response: Blob | null = null;
  aborted = false;
  upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  getResponseHeader(name: string) {
    return name.toLowerCase() === 'content-type' ? 'application/json' : null;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
}

afterEach(() => vi.unstubAllGlobals());

describe('progressFetch', () => {
  it('sends an upload that asks for progress through XMLHttpRequest and reports its progress', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const seen: [number, number][] = [];
    const body = new Blob(['abcdef'], { type: 'image/png' });
    const answer = progressFetch('/api/up/1', {
      method: 'PUT',
      headers: { Authorization: 'Bearer t', 'Content-Type': 'image/png' },
      body,
      onUploadProgress: (loaded, total) => seen.push([loaded, total]),
    });
    const xhr = FakeXhr.last!;
    expect([xhr.method, xhr.url, xhr.body]).toEqual(['PUT', '/api/up/1', body]);
    expect(Object.fromEntries(Object.entries(xhr.headers).map(([k, v]) => [k.toLowerCase(), v]))).toEqual({ authorization: 'Bearer t', 'content-type': 'image/png' });
    xhr.upload.onprogress!({ loaded: 3, total: 6, lengthComputable: true });
    xhr.upload.onprogress!({ loaded: 6, total: 6, lengthComputable: true });
    xhr.status = 413;
    xhr.response = new Blob([JSON.stringify({ code: 'attachment.too_large', message: 'Too large' })]);
    xhr.onload!();
    const response = await answer;
    expect(seen).toEqual([[3, 6], [6, 6]]);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ code: 'attachment.too_large', message: 'Too large' });
  });

  it('aborts the request with its signal, and fails like fetch on a network error', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const controller = new AbortController();
    const aborted = progressFetch('/up', { method: 'PUT', body: 'x', signal: controller.signal, onUploadProgress: () => undefined });
    controller.abort();
    await expect(aborted).rejects.toBeDefined();
    expect(FakeXhr.last!.aborted).toBe(true);
    const failed = progressFetch('/up', { method: 'PUT', body: 'x', onUploadProgress: () => undefined });
    FakeXhr.last!.onerror!();
    await expect(failed).rejects.toBeInstanceOf(TypeError);
  });
});
