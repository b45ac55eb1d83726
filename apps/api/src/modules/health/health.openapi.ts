import { ZHealthResponse, ZReadyResponse } from '@wfchat/contracts';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { json, operation } from '../../common/openapi/openapi.kit.js';

const tag = 'Operations';

export const healthPaths: ZodOpenApiPathsObject = {
  '/api/healthz': {
    get: operation('get', {
      operationId: 'getHealth',
      summary: 'The process is up',
      tag,
      auth: 'public',
      responses: { 200: json('Up.', ZHealthResponse) },
    }),
  },
  '/api/readyz': {
    get: operation('get', {
      operationId: 'getReadiness',
      summary: 'The database and Redis are reachable',
      description: 'For load balancers’ health checks: 503 (with the same body) while a dependency is down.',
      tag,
      auth: 'public',
      responses: {
        200: json('Ready.', ZReadyResponse),
        503: json('Not ready: `checks` says which dependency is down.', ZReadyResponse),
      },
    }),
  },
};
