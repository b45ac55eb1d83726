import type { Server } from 'node:http';
import Provider from 'oidc-provider';

export interface TestIdentityProvider {
  issuer: string;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (oidc-provider) on a local port, with its developer
 * login screens: any login name signs in as that account.
 */
export async function startIdentityProvider(options: {
  port: number;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  emailVerified?: boolean;
}): Promise<TestIdentityProvider> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    scopes: ['openid', 'email', 'profile'],
    cookies: { keys: ['test-cookie-key-not-secret'] },
    features: { devInteractions: { enabled: true } },
    findAccount: async (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: async () => ({
        sub: id,
        email: `${id}@idp.example.test`,
        email_verified: options.emailVerified ?? true,
        name: `Person ${id}`,
      }),
    }),
  });
  const server: Server = provider.listen(options.port);
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    issuer,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
