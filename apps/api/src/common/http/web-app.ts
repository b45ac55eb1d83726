import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { ErrorCode } from '@wfchat/contracts';
import type { FastifyInstance } from 'fastify';

/** The loader websites include to embed a chat (built from apps/web/src/embed). */
const EMBED_LOADER = 'embed.js';

/** The public chat page of a workflow: the only page other sites may frame (embeds). */
const CHAT_PAGE = /^\/chat\/([^/?#]+)\/?(?:\?.*)?$/;

/** What the web app needs from the rest of the application. */
export interface WebAppOptions {
  /** The page policy, given who may frame the page (a CSP `frame-ancestors` source list). */
  contentSecurityPolicy: (frameAncestors?: string) => string;
  /** The origins a workflow's embeds are allowed on: they may frame its chat page. */
  embedOrigins: (workflowId: string) => Promise<string[]>;
}

/**
 * Serves the built web app at `/` from the API process: real files by path,
 * and `index.html` for any other GET outside `/api` (client-side routes).
 * Unknown `/api` GETs get the JSON 404 every client expects (other methods get
 * it from Nest's not-found handler through the error filter).
 */
export async function registerWebApp(fastify: FastifyInstance, distDir: string | undefined, options: WebAppOptions): Promise<void> {
  const pageHeaders = {
    'Content-Security-Policy': options.contentSecurityPolicy(),
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
  };
  // On every response, whichever route or plugin produced it: an HTML page
  // served as a file (/index.html) needs the same protection as the SPA route.
  fastify.addHook('onSend', async (request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('text/html')) {
      const chat = request.method === 'GET' ? CHAT_PAGE.exec(request.url) : null;
      reply.headers(chat ? await chatPageHeaders(chat[1]!) : pageHeaders);
    }
    return payload;
  });

  /**
   * The chat page may be framed by our own pages and by the sites its
   * workflow's embeds list; X-Frame-Options cannot name sites, so it is left
   * out rather than contradict the CSP (which browsers prefer anyway). Should
   * the lookup fail, nobody else may frame it.
   */
  async function chatPageHeaders(workflowId: string) {
    const origins = await options.embedOrigins(workflowId).catch(() => []);
    const ancestors = ["'self'", ...new Set(origins)].join(' ');
    return {
      'Content-Security-Policy': options.contentSecurityPolicy(ancestors),
      ...(origins.length === 0 ? { 'X-Frame-Options': 'SAMEORIGIN' } : {}),
      'Referrer-Policy': 'no-referrer',
    };
  }

  const indexPath = distDir ? path.join(distDir, 'index.html') : undefined;
  const hasWeb = indexPath !== undefined && fs.existsSync(indexPath);
  if (hasWeb) {
    await fastify.register(fastifyStatic, {
      root: distDir!,
      wildcard: false,
      index: false,
      cacheControl: false,
      // `<file>.br` / `<file>.gz` written by the web build, chosen by Accept-Encoding (with Vary).
      preCompressed: true,
      // Hashed assets never change under the same name.
      setHeaders: (res, file) => {
        // The body depends on Accept-Encoding (preCompressed), which the plugin does not say.
        res.setHeader('Vary', 'Accept-Encoding');
        if (file.includes(`${path.sep}assets${path.sep}`)) {
          res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        } else if (path.basename(file) === EMBED_LOADER) {
          // Websites include it by this fixed name: cached briefly, so a new version spreads within minutes.
          res.setHeader('Cache-Control', 'public, max-age=300');
        } else {
          res.setHeader('Cache-Control', 'no-cache');
        }
      },
    });
  }
  const indexHtml = hasWeb ? fs.readFileSync(indexPath!, 'utf8') : undefined;

  // Registered routes (API, files) are more specific and win over this wildcard.
  fastify.get('/*', (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    const isApi = pathname === '/api' || pathname.startsWith('/api/');
    if (!isApi && indexHtml) {
      return reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(indexHtml);
    }
    return reply
      .status(404)
      .send({ code: ErrorCode.RouteNotFound, message: `No route for ${request.method} ${pathname}.` });
  });
}
