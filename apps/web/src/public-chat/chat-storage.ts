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

/**
 * Takes `#t=<token>` out of the address bar (history.replaceState, so neither a
 * reload, a bookmark nor a screenshot shows it), remembers it for the tab and
 * returns it; without a fragment, returns the token remembered earlier.
 */
export function capturePublishToken(workflowId: string): string | null {
  const hash = window.location.hash.replace(/^#/, '');
  const fromFragment = hash ? new URLSearchParams(hash).get('t') : null;
  if (hash && fromFragment !== null) {
    const { pathname, search } = window.location;
    window.history.replaceState(window.history.state, '', `${pathname}${search}`);
  }
  if (fromFragment) {
    write(() => window.sessionStorage, tokenKey(workflowId), fromFragment);
    return fromFragment;
  }
  return read(() => window.sessionStorage, tokenKey(workflowId));
}

export function loadThread(workflowId: string): string | null {
  return read(() => window.localStorage, threadKey(workflowId));
}

export function saveThread(workflowId: string, threadId: string | null): void {
  write(() => window.localStorage, threadKey(workflowId), threadId);
}
