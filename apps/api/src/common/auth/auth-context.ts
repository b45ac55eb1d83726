import type { TUser } from '@wfchat/contracts';

export type AuthUser = TUser;

/** Who made a request to a user-authenticated route, and how they proved it. */
export interface UserAuth {
  user: AuthUser;
  via: 'session' | 'api_token';
  sessionId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the global auth guard whenever a valid session cookie or API token came with the request. */
    userAuth?: UserAuth;
  }
}
