import { ZClientConfig, ZTelemetryRequest } from '@wfchat/contracts';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { json, noContent, operation } from '../../common/openapi/openapi.kit.js';

const tag = 'App';

export const clientConfigPaths: ZodOpenApiPathsObject = {
  '/api/config': {
    get: operation('get', {
      operationId: 'getClientConfig',
      summary: 'What the web app needs before it renders',
      tag,
      auth: 'public',
      responses: { 200: json('Feature flags, the chat element and sign-in options.', ZClientConfig) },
    }),
  },
  '/api/telemetry': {
    post: operation('post', {
      operationId: 'sendTelemetry',
      summary: 'Count a Canvas chat bubble event',
      description: 'Counted in `/api/metrics`; nothing is stored.',
      tag,
      auth: 'user',
      body: ZTelemetryRequest,
      responses: { 204: noContent('Counted.') },
    }),
  },
};
