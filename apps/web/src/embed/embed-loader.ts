/**
 * `<script src="<base>/embed.js" data-workflow="wf_…" data-token="wfp_…" async></script>`
 *
 * Puts a launcher bubble on the website; opening it mints a chat session with
 * the embed link's token (the browser names this website in `Origin`, which
 * the server checks against the link's allowed origins) and shows the chat
 * page of our origin in an iframe, handing it sessions when it asks. A refusal
 * is said in words inside the bubble. Dependency-free: built into one
 * classic script (vite.embed.config.ts).
 */
import {
  EMBED_FRAGMENT,
  EMBED_SESSION,
  EMBED_SESSION_ERROR,
  EMBED_SESSION_REQUEST,
  EMBED_THREAD,
  type EmbedSessionErrorMessage,
  type EmbedSessionMessage,
  type EmbedThreadMessage,
} from './embed-protocol.js';

(() => {
  const script = document.currentScript as HTMLScriptElement | null;
  if (!script?.dataset.workflow || !script.dataset.token) {
    console.error('wfchat embed: the script tag needs data-workflow and data-token.');
    return;
  }
  const workflow: string = script.dataset.workflow;
  const token: string = script.dataset.token;
  // Sessions and the chat page come from where this script was served.
  const chatOrigin = new URL(script.src).origin;
  const base = chatOrigin;
  const ACCENT = '#4f46e5';

  const threadKey = `wfchat.embed.thread.${workflow}`;
  const storedThread = (): string | null => {
    try {
      return localStorage.getItem(threadKey);
    } catch {
      return null;
    }
  };
  const storeThread = (threadId: string | null) => {
    try {
      if (threadId) localStorage.setItem(threadKey, threadId);
      else localStorage.removeItem(threadKey);
    } catch {
      // Without storage the visitor starts a new thread next time; nothing else is lost.
    }
  };

  const css = (el: HTMLElement, style: Partial<CSSStyleDeclaration>) => Object.assign(el.style, style);

  const host = document.createElement('div');
  host.setAttribute('data-wfchat-embed', workflow);
  const root = host.attachShadow({ mode: 'open' });

  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.textContent = 'Chat';
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('aria-label', 'Open the chat');
  css(launcher, {
    position: 'fixed',
    right: '20px',
    bottom: '20px',
    zIndex: '2147483646',
    minWidth: '64px',
    height: '56px',
    padding: '0 20px',
    border: '0',
    borderRadius: '28px',
    background: ACCENT,
    color: '#fff',
    font: '600 16px/1 system-ui, sans-serif',
    boxShadow: '0 4px 16px rgba(0,0,0,.25)',
    cursor: 'pointer',
  });

  const panel = document.createElement('div');
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', 'Chat');
  css(panel, {
    position: 'fixed',
    right: '20px',
    bottom: '88px',
    zIndex: '2147483647',
    width: 'min(400px, calc(100vw - 40px))',
    display: 'none',
    flexDirection: 'column',
    overflow: 'hidden',
    borderRadius: '16px',
    background: '#fff',
    boxShadow: '0 8px 32px rgba(0,0,0,.3)',
  });

  const message = document.createElement('p');
  message.setAttribute('role', 'status');
  message.setAttribute('data-wfchat-message', '');
  css(message, {
    margin: 'auto',
    padding: '24px',
    font: '15px/1.5 system-ui, sans-serif',
    color: '#1f2937',
    textAlign: 'center',
  });
  panel.append(message);
  root.append(panel, launcher);

  let frame: HTMLIFrameElement | null = null;
  let first: Promise<Response> | null = null;

  const mint = () =>
    fetch(`${base}/api/public/workflows/${encodeURIComponent(workflow)}/session`, {
      method: 'POST',
      // The visitor cookie (partitioned to this website) keeps the visitor's history.
      credentials: 'include',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ publishToken: token }),
    });

  async function failureText(res: Response | null): Promise<string> {
    const code = res ? ((await res.json().catch(() => null)) as { code?: string } | null)?.code : undefined;
    switch (code) {
      case 'embed.origin_not_allowed':
        return `This chat is not enabled on ${location.host}. The site owner can add ${location.origin} to the embed's allowed websites.`;
      case 'publish.invalid_token':
      case 'workflow.not_found':
        return 'This chat is no longer available here. The site owner can paste the current embed snippet.';
      case 'rate_limited':
        return 'Too many chats were started from your network just now. Please try again in a minute.';
      default:
        return 'The chat could not be reached. Check your connection and try again.';
    }
  }

  // A message needs only its own height; the chat the full panel.
  const CHAT_HEIGHT = 'min(600px, calc(100vh - 120px))';

  function show(text: string) {
    message.textContent = text;
    message.style.display = 'block';
    panel.style.height = 'auto';
    if (frame) frame.style.display = 'none';
  }

  async function open() {
    panel.style.display = 'flex';
    launcher.setAttribute('aria-expanded', 'true');
    launcher.setAttribute('aria-label', 'Close the chat');
    launcher.textContent = 'Close';
    if (frame) return;
    show('Opening the chat…');
    first = mint();
    const res = await first.catch(() => null);
    if (!res?.ok) {
      first = null;
      show(await failureText(res));
      return;
    }
    message.style.display = 'none';
    panel.style.height = CHAT_HEIGHT;
    frame = document.createElement('iframe');
    frame.title = 'Chat';
    frame.src = `${base}/chat/${encodeURIComponent(workflow)}#${EMBED_FRAGMENT}`;
    frame.allow = 'clipboard-write';
    css(frame, { border: '0', width: '100%', height: '100%', flex: '1' });
    panel.append(frame);
  }

  function close() {
    panel.style.display = 'none';
    launcher.setAttribute('aria-expanded', 'false');
    launcher.setAttribute('aria-label', 'Open the chat');
    launcher.textContent = 'Chat';
  }

  launcher.addEventListener('click', () => void (panel.style.display === 'flex' ? close() : open()));

  // The chat page asks for a session at start and before each expiry, and says which thread is open.
  window.addEventListener('message', (event) => {
    if (!frame || event.source !== frame.contentWindow || event.origin !== chatOrigin) return;
    const data = event.data as { type?: string; id?: number; threadId?: unknown } | null;
    if (data?.type === EMBED_THREAD) {
      const { threadId } = data as EmbedThreadMessage;
      storeThread(typeof threadId === 'string' && threadId.length <= 200 ? threadId : null);
      return;
    }
    if (data?.type !== EMBED_SESSION_REQUEST || typeof data.id !== 'number') return;
    const id = data.id;
    const pending = first ?? mint();
    first = null;
    const reply = (message: EmbedSessionMessage | EmbedSessionErrorMessage) =>
      frame?.contentWindow?.postMessage(message, chatOrigin);
    const failed = (status: number, code: string, retryAfterSeconds: number | null) =>
      reply({ type: EMBED_SESSION_ERROR, id, status, code, retryAfterSeconds });
    void pending
      .then(async (res) => {
        const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
        if (!res.ok) {
          failed(res.status, typeof body.code === 'string' ? body.code : '', Number(res.headers.get('retry-after')) || null);
          return;
        }
        reply({ type: EMBED_SESSION, id, token: String(body.token), expiresAt: String(body.expiresAt), threadId: storedThread() });
      })
      .catch(() => failed(0, '', null));
  });

  document.body.append(host);
})();
