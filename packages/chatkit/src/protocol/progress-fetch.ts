import type { UploadInit } from './chatkit-client.js';

/**
 * `fetch` for an upload that reports its progress (`onUploadProgress`).
 * `fetch` itself cannot: its streaming request bodies need HTTP/2 and it has
 * no upload events, so this goes through XMLHttpRequest and answers a Response.
 */
export function progressFetch(input: RequestInfo | URL, init: UploadInit): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const signal = init.signal;
    if (signal?.aborted) return reject(signal.reason);
    xhr.open(init.method ?? 'GET', String(input));
    new Headers(init.headers).forEach((value, key) => xhr.setRequestHeader(key, value));
    xhr.responseType = 'blob';
    xhr.upload.onprogress = (event) => init.onUploadProgress?.(event.loaded, event.lengthComputable ? event.total : 0);
    const onAbort = () => xhr.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    xhr.onload = () => {
      signal?.removeEventListener('abort', onAbort);
      // A 204 cannot carry a body in a Response.
      const body = xhr.status === 204 ? null : (xhr.response as Blob);
      resolve(new Response(body, { status: xhr.status, headers: { 'Content-Type': xhr.getResponseHeader('Content-Type') ?? '' } }));
    };
    xhr.onerror = () => reject(new TypeError('Network request failed'));
    xhr.onabort = () => reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
    xhr.send((init.body ?? null) as XMLHttpRequestBodyInit | null);
  });
}
