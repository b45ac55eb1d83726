import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { THttpNode } from '@wfchat/contracts';
import { ForbiddenAddressError, guardedLookup, isForbiddenAddress } from './http.address.js';
import { RuntimeError, RuntimeErrorCode } from './runtime.errors.js';
import { renderJson, renderTemplate, type TemplateScope } from './runtime.template.js';
import type { NodeRun, RuntimeLimits } from './runtime.types.js';

export interface HttpStepContext {
  scope: TemplateScope;
  signal: AbortSignal;
  allowPrivate: boolean;
  limits: Pick<RuntimeLimits, 'httpDefaultTimeoutMs' | 'httpMaxTimeoutMs' | 'httpMaxResponseBytes'>;
}

interface HttpResult {
  status: number;
  contentType: string;
  body: Buffer;
}

/**
 * Calls an external URL: GET, or POST with a JSON body. The output is the
 * response text (a JSON string response is unwrapped to its value). Redirects
 * are not followed: a redirect could lead to an address we would refuse.
 */
export async function* runHttpNode(node: THttpNode, ctx: HttpStepContext): NodeRun {
  const method = node.config.method ?? 'GET';
  let url: URL;
  try {
    // Inserted values are URL-encoded so a visitor's text cannot change the host.
    url = new URL(renderTemplate(node.config.url, ctx.scope, encodeURIComponent));
  } catch {
    throw new RuntimeError(
      RuntimeErrorCode.HttpFailed,
      'A web request in this workflow has an invalid address.',
      false,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RuntimeError(
      RuntimeErrorCode.HttpFailed,
      'A web request in this workflow may only use http or https.',
      false,
    );
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!ctx.allowPrivate && net.isIP(host) && isForbiddenAddress(host)) throw forbidden();

  yield { type: 'progress', text: `Calling ${url.origin}…` };

  const timeoutMs = Math.min(node.config.timeoutMs ?? ctx.limits.httpDefaultTimeoutMs, ctx.limits.httpMaxTimeoutMs);
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([ctx.signal, timeout]);
  const body =
    method === 'POST' && node.config.body !== undefined
      ? JSON.stringify(renderJson(node.config.body, ctx.scope))
      : undefined;

  let result: HttpResult;
  try {
    result = await send(url, method, body, signal, ctx.allowPrivate, ctx.limits.httpMaxResponseBytes);
  } catch (e) {
    if (ctx.signal.aborted) throw e;
    if (e instanceof RuntimeError) throw e;
    if (e instanceof ForbiddenAddressError) throw forbidden();
    if (timeout.aborted) {
      throw new RuntimeError(
        RuntimeErrorCode.HttpTimeout,
        `A web service this workflow uses did not answer within ${Math.round(timeoutMs / 100) / 10} s.`,
        true,
      );
    }
    throw new RuntimeError(RuntimeErrorCode.HttpFailed, 'A web service this workflow uses could not be reached.', true);
  }
  if (result.status < 200 || result.status >= 300) {
    throw new RuntimeError(
      RuntimeErrorCode.HttpFailed,
      `A web service this workflow uses answered with an error (HTTP ${result.status}).`,
      result.status >= 500 || result.status === 429,
    );
  }
  return outputOf(result);
}

function forbidden(): RuntimeError {
  return new RuntimeError(
    RuntimeErrorCode.HttpForbiddenAddress,
    'This workflow tried to call an address on a private network, which this server does not allow.',
    false,
  );
}

function outputOf(result: HttpResult): string {
  const text = result.body.toString('utf8');
  if (/\bjson\b/i.test(result.contentType)) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'string') return parsed;
    } catch {
      // Not JSON after all: the text is still the most useful output.
    }
  }
  return text.trim();
}

function tooLarge(maxBytes: number): RuntimeError {
  return new RuntimeError(
    RuntimeErrorCode.HttpFailed,
    `A web service this workflow uses sent more than ${Math.round(maxBytes / 1024)} KB.`,
    false,
  );
}

function send(
  url: URL,
  method: 'GET' | 'POST',
  body: string | undefined,
  signal: AbortSignal,
  allowPrivate: boolean,
  maxBytes: number,
): Promise<HttpResult> {
  const client = url.protocol === 'https:' ? https : http;
  const headers: Record<string, string | number> = {
    accept: 'application/json, text/plain;q=0.9, */*;q=0.5',
    'user-agent': 'wfchat-http-step',
  };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(body);
  }
  return new Promise<HttpResult>((resolve, reject) => {
    const req = client.request(
      url,
      {
        method,
        headers,
        signal,
        // No pooling: every socket is opened through the guarded lookup.
        agent: false,
        lookup: allowPrivate ? undefined : guardedLookup,
      },
      (res) => {
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
          res.destroy();
          return reject(tooLarge(maxBytes));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            res.destroy();
            reject(tooLarge(maxBytes));
          } else chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
        res.on('close', () => reject(new Error('connection closed')));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
