import { CHATKIT_TAG, isBuiltinDefined, registerBuiltinChatKit } from '../element/register-builtin-chatkit.js';

export type ChatKitElementKind = 'builtin' | 'openai';

export const OPENAI_CHATKIT_SCRIPT_URL = 'https://cdn.platform.openai.com/deployments/chatkit/chatkit.js';

export interface LoadChatKitElementOptions {
  /** `builtin` (default) works offline; `openai` loads OpenAI's hosted element. */
  element?: ChatKitElementKind;
  /** Needed by the hosted element (OpenAI's domain allowlist); without one we stay builtin. */
  domainKey?: string;
  /** How long to wait for the hosted element before falling back. */
  timeoutMs?: number;
  /** Overridable for tests. */
  scriptUrl?: string;
}

const DEFAULT_TIMEOUT_MS = 4000;
let pendingOpenAi: Promise<ChatKitElementKind> | null = null;

/**
 * Makes sure `<openai-chatkit>` is defined before ChatKit renders, and says
 * which implementation it is. Once a tag is defined it stays defined for the
 * page, so the first choice wins; later calls report what is actually there.
 */
export async function loadChatKitElement(options: LoadChatKitElementOptions = {}): Promise<ChatKitElementKind> {
  if (customElements.get(CHATKIT_TAG)) return isBuiltinDefined() ? 'builtin' : 'openai';
  if ((options.element ?? 'builtin') === 'builtin') {
    registerBuiltinChatKit();
    return 'builtin';
  }
  if (!options.domainKey) {
    console.warn('[chatkit] element "openai" needs a domainKey; using the built-in element.');
    registerBuiltinChatKit();
    return 'builtin';
  }
  // Concurrent mounts share one script tag and one timeout.
  pendingOpenAi ??= loadOpenAiElement(options.scriptUrl ?? OPENAI_CHATKIT_SCRIPT_URL, options.timeoutMs ?? DEFAULT_TIMEOUT_MS).finally(() => {
    pendingOpenAi = null;
  });
  return pendingOpenAi;
}

async function loadOpenAiElement(scriptUrl: string, timeoutMs: number): Promise<ChatKitElementKind> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const failed = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`not defined after ${timeoutMs} ms`), timeoutMs);
    injectScript(scriptUrl, () => resolve('script failed to load'));
  });
  try {
    const outcome = await Promise.race([customElements.whenDefined(CHATKIT_TAG).then(() => null), failed]);
    if (outcome === null) return isBuiltinDefined() ? 'builtin' : 'openai';
    // Offline, blocked by a CSP or an ad blocker: the product must still chat.
    console.warn(`[chatkit] OpenAI's hosted ChatKit element ${outcome}; falling back to the built-in element.`);
    registerBuiltinChatKit();
    return 'builtin';
  } finally {
    clearTimeout(timer);
  }
}

function injectScript(src: string, onError: () => void): void {
  const existing = Array.from(document.querySelectorAll('script')).find((script) => script.getAttribute('src') === src);
  if (existing) return;
  const script = document.createElement('script');
  script.src = src;
  script.async = true;
  script.addEventListener('error', onError);
  document.head.appendChild(script);
}
