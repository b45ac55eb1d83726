import type { ChatToken } from '@wfchat/chatkit';
import {
  EMBED_SESSION,
  EMBED_SESSION_ERROR,
  EMBED_SESSION_REQUEST,
  EMBED_THREAD,
  type EmbedSessionErrorMessage,
  type EmbedSessionMessage,
  type EmbedThreadMessage,
} from '../embed/embed-protocol.js';
import { ApiError } from '../lib/http.js';

let lastId = 0;

/** A session, and the thread the visitor had open on this website. */
export type EmbedSession = ChatToken & { threadId: string | null };

/**
 * A chat session from the website's embed loader (the parent window): only
 * the website's page can present its origin, to which the embed link's token
 * is bound. Only the parent is listened to; the request itself carries
 * nothing secret. Opened on its own (no parent), there is no link to use.
 */
export function embedSession(win: Window = window): Promise<EmbedSession> {
  if (win.parent === win) {
    return Promise.reject(new ApiError(401, 'publish.invalid_token', 'This address is for embedding in a website.'));
  }
  const id = ++lastId;
  return new Promise<EmbedSession>((resolve, reject) => {
    const onMessage = (event: MessageEvent) => {
      if (event.source !== win.parent) return;
      const data = event.data as EmbedSessionMessage | EmbedSessionErrorMessage | null;
      if (data?.id !== id) return;
      if (data.type === EMBED_SESSION) {
        win.removeEventListener('message', onMessage);
        resolve({ token: data.token, expiresAt: data.expiresAt, threadId: data.threadId });
      } else if (data.type === EMBED_SESSION_ERROR) {
        win.removeEventListener('message', onMessage);
        reject(
          new ApiError(data.status, data.code, 'The website could not open a chat session.', data.retryAfterSeconds),
        );
      }
    };
    win.addEventListener('message', onMessage);
    win.parent.postMessage({ type: EMBED_SESSION_REQUEST, id }, '*');
  });
}

/** Tells the website's loader which thread is open, to offer it again on the next visit. */
export function tellEmbedder(threadId: string | null, win: Window = window): void {
  if (win.parent === win) return;
  const message: EmbedThreadMessage = { type: EMBED_THREAD, threadId };
  // A thread id is no secret (threads are the visitor's alone), and only a listed website may frame this page.
  win.parent.postMessage(message, '*');
}
