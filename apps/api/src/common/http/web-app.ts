import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { ErrorCode } from '@wfchat/contracts';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built web app at `/` from the API process: real files by path,
 * and `index.html` for any other GET outside `/api` (client-side routes).
 * Unknown `/api` GETs get the JSON 404 every client expects (other methods get
 * it from Nest's not-found handler through the error filter).
 */
export async function registerWebApp(
  fastify: FastifyInstance,
  distDir: string | undefined,
  contentSecurityPolicy: string,
): Promise<void> {
  const pageHeaders = {
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
  };
  // On every response, whichever route or plugin produced it: an HTML page
  // served as a file (/index.html) needs the same protection as the SPA route.
  fastify.addHook('onSend', async (_request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('text/html')) reply.headers(pageHeaders);
    return payload;
  });

  const indexPath = distDir ? path.join(distDir, 'index.html') : undefined;
  const hasWeb = indexPath !== undefined && fs.existsSync(indexPath);
  if (hasWeb) {
    await fastify.register(fastifyStatic, {
      root: distDir!,
      wildcard: false,
      index: false,
      cacheControl: false,
      // Hashed assets never change under the same name.
      setHeaders: (res, file) => {
        if (file.includes(`${path.sep}assets${path.sep}`)) {
          res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
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
