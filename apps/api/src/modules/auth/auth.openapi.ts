import { ErrorCode, ZAuthProvidersResponse, ZLoginRequest, ZSignupRequest, ZUserResponse } from '@wfchat/contracts';
import type { ZodOpenApiPathsObject, ZodOpenApiResponseObject } from 'zod-openapi';
import { z } from 'zod';
import { json, noContent, operation } from '../../common/openapi/openapi.kit.js';

const tag = 'Auth';

const setsSession = (description: string): ZodOpenApiResponseObject => ({
  ...json(description, ZUserResponse),
  headers: z.object({
    'Set-Cookie': z.string().meta({ description: 'The `sid` session cookie (HttpOnly, SameSite=Lax).' }),
  }),
});

export const authPaths: ZodOpenApiPathsObject = {
  '/api/auth/providers': {
    get: operation('get', {
      operationId: 'getAuthProviders',
      summary: 'How people can sign in here',
      tag,
      auth: 'public',
      responses: {
        200: json('Whether sign-up is open and which single sign-on provider is set.', ZAuthProvidersResponse),
      },
    }),
  },
  '/api/auth/signup': {
    post: operation('post', {
      operationId: 'signup',
      summary: 'Create an account and sign in',
      description: 'The first account can always be created; later ones follow `ALLOW_SIGNUP`. Limited per IP.',
      tag,
      auth: 'public',
      body: ZSignupRequest,
      responses: { 201: setsSession('The new user; the session cookie is set.') },
      errors: {
        403: [ErrorCode.AuthSignupClosed],
        409: [ErrorCode.AuthEmailTaken],
        429: [ErrorCode.RateLimited],
      },
    }),
  },
  '/api/auth/login': {
    post: operation('post', {
      operationId: 'login',
      summary: 'Sign in with email and password',
      description: 'Limited per IP and per IP + email.',
      tag,
      auth: 'public',
      body: ZLoginRequest,
      responses: { 200: setsSession('The user; the session cookie is set.') },
      errors: { 401: [ErrorCode.AuthInvalidCredentials], 429: [ErrorCode.RateLimited] },
    }),
  },
  '/api/auth/logout': {
    post: operation('post', {
      operationId: 'logout',
      summary: 'Sign out',
      description: 'Ends the session of the `sid` cookie, if any, and clears the cookie.',
      tag,
      auth: 'public',
      responses: { 204: noContent('Signed out.') },
    }),
  },
  '/api/auth/me': {
    get: operation('get', {
      operationId: 'getMe',
      summary: 'The signed-in user',
      tag,
      auth: 'user',
      responses: { 200: json('The user of the session or API token.', ZUserResponse) },
    }),
  },
};
