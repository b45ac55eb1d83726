/**
 * Messages between the embed loader (on the website) and the chat page in its
 * iframe (our origin). The loader mints sessions, because the embed link's
 * token is bound to the website's origin, which only the website's page can
 * present; the chat page asks it for one whenever it needs a token.
 */
export const EMBED_SESSION_REQUEST = 'wfchat:session-request';
export const EMBED_SESSION = 'wfchat:session';
export const EMBED_SESSION_ERROR = 'wfchat:session-error';
/**
 * The chat page tells the loader which thread is open: the loader keeps it in
 * the website's own storage, which the page, a third-party frame there, may
 * be denied (browsers blocking third-party storage).
 */
export const EMBED_THREAD = 'wfchat:thread';

/** The fragment that opens the chat page in embed mode. */
export const EMBED_FRAGMENT = 'embed';

export interface EmbedSessionMessage {
  type: typeof EMBED_SESSION;
  id: number;
  token: string;
  expiresAt: string;
  /** The thread the visitor had open on this website, if any. */
  threadId: string | null;
}

export interface EmbedThreadMessage {
  type: typeof EMBED_THREAD;
  threadId: string | null;
}

export interface EmbedSessionErrorMessage {
  type: typeof EMBED_SESSION_ERROR;
  id: number;
  status: number;
  code: string;
  retryAfterSeconds: number | null;
}
