/**
 * What the public page keeps in the browser, per workflow (localStorage):
 * - the publish token of the last link that opened it: the trip through
 *   /login, and a visitor coming back to /chat/:id from history or a bookmark
 *   without the fragment, continue while that link is valid (ADR 0003);
 * - the visitor's current thread: a reload or a new tab resumes it.
 * Storage can be unavailable (private modes, blocked cookies): then we keep
 * working for this page view only.
 */

const tokenKey = (workflowId: string) => `wfchat.publishToken.${workflowId}`;
const threadKey = (workflowId: string) => `wfchat.thread.${workflowId}`;

function read(storage: () => Storage, key: string): string | null {
  try {
    return storage().getItem(key);
  } catch {
    return null;
  }
}

function write(storage: () => Storage, key: string, value: string | null): void {
  try {
    if (value === null) storage().removeItem(key);
    else storage().setItem(key, value);
  } catch {
    // Unavailable storage only costs us persistence.
  }
}

/** The publish token in a share link's fragment (`#t=<token>`), if any. */
export function fragmentToken(hash: string): string | null {
  const fragment = hash.replace(/^#/, '');
  return fragment ? new URLSearchParams(fragment).get('t') : null;
}

/** Keeps the link's token (null forgets it): the way back from sign-in and returning visits need it. */
export function rememberPublishToken(workflowId: string, token: string | null): void {
  write(() => window.localStorage, tokenKey(workflowId), token);
}

export function rememberedPublishToken(workflowId: string): string | null {
  return read(() => window.localStorage, tokenKey(workflowId));
}

export function loadThread(workflowId: string): string | null {
  return read(() => window.localStorage, threadKey(workflowId));
}

export function saveThread(workflowId: string, threadId: string | null): void {
  write(() => window.localStorage, threadKey(workflowId), threadId);
}
