import { ErrorCode, ZApiTokenListResponse, ZCreateApiTokenRequest, ZCreateApiTokenResponse } from '@wfchat/contracts';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { json, noContent, operation } from '../../common/openapi/openapi.kit.js';

const tag = 'API tokens';

export const apiTokensPaths: ZodOpenApiPathsObject = {
  '/api/auth/tokens': {
    post: operation('post', {
      operationId: 'createApiToken',
      summary: 'Create an API token',
      description: 'The token (`wfa_…`) is in this response only; it is stored hashed.',
      tag,
      auth: 'user',
      body: ZCreateApiTokenRequest,
      responses: { 201: json('The token, shown once.', ZCreateApiTokenResponse) },
    }),
    get: operation('get', {
      operationId: 'listApiTokens',
      summary: 'List your API tokens',
      tag,
      auth: 'user',
      responses: { 200: json('Your tokens, without their secret.', ZApiTokenListResponse) },
    }),
  },
  '/api/auth/tokens/{id}': {
    delete: operation('delete', {
      operationId: 'revokeApiToken',
      summary: 'Revoke an API token',
      tag,
      auth: 'user',
      params: z.object({ id: z.string().meta({ description: 'The token id.' }) }),
      responses: { 204: noContent('Revoked.') },
      errors: { 404: [ErrorCode.ApiTokenNotFound] },
    }),
  },
};
