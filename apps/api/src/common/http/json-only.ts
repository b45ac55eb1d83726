import { ErrorCode, type TErrorBody } from '@wfchat/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * The API reads JSON bodies only. A cross-site HTML form can send
 * urlencoded, multipart or text/plain bodies without any CORS preflight, but
 * never `application/json`; refusing everything else before any parser or
 * handler runs closes that door even for a browser too old to send `Origin`.
 */
export function registerJsonOnly(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (!hasBody(request) || isJson(request.headers['content-type'])) return;
    const body: TErrorBody = {
      code: ErrorCode.RequestUnsupportedMediaType,
      message: 'Unsupported content type: send the body as application/json.',
    };
    return reply.status(415).send(body);
  });
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';', 1)[0]!.trim().toLowerCase() === 'application/json';
}
