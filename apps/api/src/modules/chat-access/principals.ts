import { randomUUID } from 'node:crypto';

/**
 * Who owns a chat thread. Threads belong to (workflow, principal), so these
 * prefixes keep the kinds apart: a user id (`usr_…`), an anonymous browser,
 * a server's end user, and a one-request publish-token caller.
 */
const VISITOR = 'visitor:';
const EXTERNAL = 'ext:';
const SERVER = 'server:';

export const visitorPrincipal = (vid: string) => `${VISITOR}${vid}`;

/** An end user of an owner's server, named by that server (see chatkit session minting). */
export const externalPrincipal = (userId: string) => `${EXTERNAL}${userId}`;

/**
 * A caller holding only a publish token: everyone with the share link holds
 * the same token, so each request is its own principal and can never see
 * another holder's threads (nor its own from an earlier request).
 */
export const oneRequestPrincipal = (workflowId: string) => `${SERVER}${workflowId}:${randomUUID()}`;

/** Anonymous browsers are the visitors a `requireLogin` gate shuts out. */
export const isAnonymousVisitor = (principal: string) => principal.startsWith(VISITOR);
