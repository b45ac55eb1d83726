import type { UploadInit } from './chatkit-client.js';

/**
 * A `fetch` that reports upload progress. `fetch` itself cannot: its
 * streaming request bodies need HTTP/2, and it has no upload events. So a call
 * that asks for progress (`onUploadProgress` in its init, as the element's
 * uploads do) goes through XMLHttpRequest, whose `upload` events do exactly
 * that; every other call is the global `fetch`, looked up at call time.
 */
export function progressFetch(input: RequestInfo | URL, init?: UploadInit): Promise<Response> {
  const onProgress = init?.onUploadProgress;
  const Xhr = globalThis.XMLHttpRequest;
  if (!onProgress || !Xhr || input instanceof Request) {
    if (!init || !('onUploadProgress' in init)) return globalThis.fetch(input, init);
    const { onUploadProgress: _ignored, ...rest } = init;
    return globalThis.fetch(input, rest);
  }
  return new Promise<Response>((resolve, reject) => {
    const xhr = new Xhr();
    const signal = init.signal;
    if (signal?.aborted) return reject(signal.reason);
    xhr.open(init.method ?? 'GET', String(input));
    new Headers(init.headers).forEach((value, key) => xhr.setRequestHeader(key, value));
    xhr.responseType = 'blob';
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : 0);
    const onAbort = () => xhr.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    xhr.onload = () => {
      signal?.removeEventListener('abort', onAbort);
      // 204/304 cannot carry a body in a Response.
      const body = xhr.status === 204 || xhr.status === 304 ? null : (xhr.response as Blob | null);
      resolve(new Response(body, { status: xhr.status, statusText: xhr.statusText, headers: { 'Content-Type': xhr.getResponseHeader('Content-Type') ?? '' } }));
    };
    xhr.onerror = () => reject(new TypeError('Network request failed'));
    xhr.onabort = () => reject(signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError'));
    xhr.send((init.body ?? null) as XMLHttpRequestBodyInit | null);
  });
}
