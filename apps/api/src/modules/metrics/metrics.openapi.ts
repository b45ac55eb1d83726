import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { operation } from '../../common/openapi/openapi.kit.js';

export const metricsPaths: ZodOpenApiPathsObject = {
  '/api/metrics': {
    get: operation('get', {
      operationId: 'getMetrics',
      summary: 'Prometheus metrics',
      description:
        'Request counts and latencies by route and status, auth failures by code, 429s, active streams, time to first token.',
      tag: 'Operations',
      auth: 'public',
      responses: {
        200: {
          description: 'Prometheus text exposition format 0.0.4.',
          content: { 'text/plain': { schema: z.string() } },
        },
      },
    }),
  },
};
