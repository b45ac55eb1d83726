import { ErrorCode } from '@wfchat/contracts';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { operation } from '../../common/openapi/openapi.kit.js';

const tag = 'Auth';

const location = z.object({ Location: z.string().meta({ description: 'Where the browser goes next.' }) });

export const oidcPaths: ZodOpenApiPathsObject = {
  '/api/auth/oidc/login': {
    get: operation('get', {
      operationId: 'oidcLogin',
      summary: 'Start single sign-on',
      description:
        'A browser navigation: redirects to the identity provider. Needs `OIDC_ISSUER`, `OIDC_CLIENT_ID`, `OIDC_CLIENT_SECRET`.',
      tag,
      auth: 'public',
      query: z.object({
        returnTo: z
          .string()
          .max(2048)
          .optional()
          .meta({ description: 'A path on this site to come back to, such as `/chat/<id>`.' }),
      }),
      responses: { 302: { description: 'To the identity provider.', headers: location } },
      errors: { 400: [ErrorCode.RequestInvalid], 404: [ErrorCode.AuthOidcDisabled] },
    }),
  },
  '/api/auth/oidc/callback': {
    get: operation('get', {
      operationId: 'oidcCallback',
      summary: 'Finish single sign-on',
      description:
        'Where the identity provider sends the browser back (its query parameters are the provider’s). ' +
        'Sets the `sid` session cookie and redirects to `returnTo`; on failure it redirects to ' +
        '`/login?error=<code>` (`auth.oidc_failed`, `auth.oidc_disabled`, `auth.signup_closed`) instead of answering an error.',
      tag,
      auth: 'public',
      responses: { 302: { description: 'Back to the app.', headers: location } },
    }),
  },
};
