import type { TUser } from '@wfchat/contracts';

export type AuthUser = TUser;

/** Who made a request to a user-authenticated route, and how they proved it. */
export interface UserAuth {
  user: AuthUser;
  via: 'session' | 'api_token';
  sessionId?: string;
}

/** Who is chatting, with which workflow, in which mode: set by the chat guard on `@ChatAuth()` routes. */
export interface ChatAuthContext {
  workflowId: string;
  /** A user id, `visitor:<vid>`, `ext:<external id>` or a one-request `server:` principal (see principals.ts). */
  principal: string;
  mode: 'canvas' | 'public';
  via: 'jwt' | 'publish_token';
  /** The share link the session came from (public sessions minted with a link's token). */
  linkId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the global auth guard whenever a valid session cookie or API token came with the request. */
    userAuth?: UserAuth;
    chatAuth?: ChatAuthContext;
  }
}
