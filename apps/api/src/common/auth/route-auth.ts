import { SetMetadata } from '@nestjs/common';

export const ROUTE_AUTH = 'wfchat:routeAuth';

/**
 * Routes authenticated by a chat JWT (or publish token) instead of a user
 * session; the chat guard checks them. Still deny-by-default: a route with
 * this mark and no valid chat credential is refused.
 */
export const ChatAuth = () => SetMetadata(ROUTE_AUTH, 'chat');
