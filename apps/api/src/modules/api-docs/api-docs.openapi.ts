import { ErrorCode } from '@wfchat/contracts';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { operation } from '../../common/openapi/openapi.kit.js';
import { DOCS_ASSETS } from './api-docs.page.js';

const tag = 'Operations';

export const apiDocsPaths: ZodOpenApiPathsObject = {
  '/api/openapi.json': {
    get: operation('get', {
      operationId: 'getOpenApiDocument',
      summary: 'This document',
      tag,
      auth: 'public',
      responses: {
        200: {
          description: 'The OpenAPI 3.1 document, the same as `docs/openapi.json` in the repository.',
          content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
        },
      },
    }),
  },
  '/api/docs': {
    get: operation('get', {
      operationId: 'getApiDocsPage',
      summary: 'The API reference page',
      description: 'Swagger UI, served from this server (no CDN).',
      tag,
      auth: 'public',
      responses: { 200: { description: 'An HTML page.', content: { 'text/html': { schema: z.string() } } } },
    }),
  },
  '/api/docs/{asset}': {
    get: operation('get', {
      operationId: 'getApiDocsAsset',
      summary: 'A script or stylesheet of the reference page',
      tag,
      auth: 'public',
      params: z.object({ asset: z.enum(Object.keys(DOCS_ASSETS) as [string, ...string[]]) }),
      responses: {
        200: {
          description: 'The file.',
          content: { 'text/javascript': { schema: z.string() }, 'text/css': { schema: z.string() } },
        },
      },
      errors: { 404: [ErrorCode.RouteNotFound] },
    }),
  },
};
