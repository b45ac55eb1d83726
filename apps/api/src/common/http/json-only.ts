import { ErrorCode, type TErrorBody } from '@wfchat/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * The API reads JSON bodies only. A cross-site HTML form can send
 * urlencoded, multipart or text/plain bodies without any CORS preflight, but
 * never `application/json`; refusing everything else before any parser or
 * handler runs closes that door even for a browser too old to send `Origin`.
 */
export function registerJsonOnly(fastify: FastifyInstance, rawBodyRoutes: RegExp[] = []): void {
  // Callback style: an async hook costs a promise on every request.
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!hasBody(request) || isJson(request.headers['content-type'])) return done();
    if (isRawBodyRoute(request, rawBodyRoutes)) return done();
    const body: TErrorBody = {
      code: ErrorCode.RequestUnsupportedMediaType,
      message: 'Unsupported content type: send the body as application/json.',
    };
    void reply.status(415).send(body);
  });
}

/**
 * Routes that take a file as their raw body (any type): they stream it
 * themselves, and they authenticate by an `Authorization` header, which no
 * cross-site form can send. Their bodies go unparsed.
 */
function isRawBodyRoute(request: FastifyRequest, routes: RegExp[]): boolean {
  return (request.method === 'PUT' || request.method === 'POST') && routes.some((r) => r.test(request.url));
}

/** Leaves every non-JSON body unread, for the raw-body routes to stream (the hook above refused it anywhere else). */
export function registerRawBodyPassThrough(fastify: FastifyInstance): void {
  // Fastify's own text/plain parser would read a text file whole into a string.
  if (fastify.hasContentTypeParser('text/plain')) fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';', 1)[0]!.trim().toLowerCase() === 'application/json';
}
