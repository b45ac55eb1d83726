/**
 * What the public page keeps in the browser:
 * - the publish token, per tab (sessionStorage): it survives the trip through
 *   /login but never outlives the tab, and it leaves the address bar at once;
 * - the visitor's current thread, per workflow (localStorage): a reload resumes it.
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

/** Keeps the link's token for this tab: reloads and the way back from sign-in need it. */
export function rememberPublishToken(workflowId: string, token: string): void {
  write(() => window.sessionStorage, tokenKey(workflowId), token);
}

export function rememberedPublishToken(workflowId: string): string | null {
  return read(() => window.sessionStorage, tokenKey(workflowId));
}

export function loadThread(workflowId: string): string | null {
  return read(() => window.localStorage, threadKey(workflowId));
}

export function saveThread(workflowId: string, threadId: string | null): void {
  write(() => window.localStorage, threadKey(workflowId), threadId);
}
