import type { TClientConfig, TPublicWorkflow } from '@wfchat/contracts';
import { type ChatError, type ChatToken, WorkflowChat } from '@wfchat/chatkit';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { chatAppearance } from '../chat-appearance/chat-appearance.js';
import { EMBED_FRAGMENT } from '../embed/embed-protocol.js';
import { ApiError } from '../lib/http.js';
import { publicApi as api } from '../lib/public-api.js';
import { FALLBACK_CONFIG, loadConfig } from '../lib/config.js';
import { type Failure, failureFor, isMissingThread } from './chat-failure.js';
import { fragmentToken, loadThread, rememberedPublishToken, rememberPublishToken, saveThread } from './chat-storage.js';
import {
  InvalidLinkScreen,
  LoadingScreen,
  LoginRequiredScreen,
  NotAvailableScreen,
  QuotaExceededScreen,
  RateLimitedScreen,
  UnavailableScreen,
} from './PublicChatScreens.js';

// Only pages inside a website's embed talk to the loader: other visitors do not download that code.
const embedModule = () => import('./embed-session.js');
const embedSession = () => embedModule().then((m) => m.embedSession());
const tellEmbedder = (threadId: string | null) => void embedModule().then((m) => m.tellEmbedder(threadId));
const isEmbedFragment = (hash: string) => hash.replace(/^#/, '') === EMBED_FRAGMENT;

type State =
  | { kind: 'loading' }
  | Failure
  // initialThread is read once per chat mount: later thread changes are the chat's own business.
  | { kind: 'chat'; workflow: TPublicWorkflow; config: TClientConfig; initialThread: string | null };

const failureOf = (error: unknown): Failure =>
  error instanceof ApiError ? failureFor(error) : { kind: 'unavailable' };

/** The path /login sends the visitor back to: the token waits in sessionStorage. */
export function signInPath(workflowId: string): string {
  const back = `/chat/${encodeURIComponent(workflowId)}`;
  return `/login?returnTo=${encodeURIComponent(back).replace(/%2F/g, '/')}`;
}

/**
 * `/chat/:workflowId#t=<publish token>`: a visitor chats with a published
 * workflow. `#embed`: the same inside a website's embed, whose loader hands
 * over the sessions.
 */
export function PublicChatPage() {
  const { workflowId = '' } = useParams();
  const navigate = useNavigate();
  const { hash, pathname, search } = useLocation();
  const embedded = isEmbedFragment(hash);
  const linkToken = embedded ? null : fragmentToken(hash);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const publishToken = useRef<string | null>(null);
  // The session minted while loading; the chat's first getToken() uses it instead of minting again.
  const firstSession = useRef<ChatToken | null>(null);

  /** Shows a failure; a link the server no longer accepts is forgotten, so a later visit does not try it again. */
  const fail = useCallback(
    (failure: Failure) => {
      if (failure.kind === 'invalid-link') rememberPublishToken(workflowId, null);
      setState(failure);
    },
    [workflowId],
  );

  // The link stays in the address bar (in the fragment, which browsers never
  // send to a server nor in a Referer), so a copied URL, a bookmark or a new
  // tab opens the chat too (ADR 0003). A visit without it continues with the
  // token this browser kept, put back into the address bar through the router
  // so that a copy of the URL works for whoever it is sent to.
  useEffect(() => {
    if (linkToken !== null || embedded) return;
    const kept = rememberedPublishToken(workflowId);
    if (kept) navigate({ pathname, search, hash: `#t=${kept}` }, { replace: true });
  }, [linkToken, embedded, workflowId, pathname, search, navigate]);

  // Runs with the link in the fragment (or embedded): on arrival, after each new link, and on Retry.
  useEffect(() => {
    if (linkToken === null && !embedded && rememberedPublishToken(workflowId)) return; // the effect above puts it back
    let active = true;
    setState({ kind: 'loading' });
    const token = linkToken;
    publishToken.current = token;
    if (!token && !embedded) {
      setState({ kind: 'invalid-link' });
      return;
    }
    if (token) rememberPublishToken(workflowId, token);
    const session = token ? api.publicSession(workflowId, token) : embedSession();
    void Promise.allSettled([api.publicWorkflow(workflowId), session, loadConfig()]).then(
      ([workflow, session, config]) => {
        if (!active) return;
        if (workflow.status === 'rejected') return fail(failureOf(workflow.reason));
        if (session.status === 'rejected') return fail(failureOf(session.reason));
        firstSession.current = session.value;
        document.title = workflow.value.name;
        setState({
          kind: 'chat',
          workflow: workflow.value,
          config: config.status === 'fulfilled' ? config.value : FALLBACK_CONFIG,
          initialThread: 'threadId' in session.value ? session.value.threadId : loadThread(workflowId),
        });
      },
    );
    return () => {
      active = false;
    };
  }, [workflowId, attempt, linkToken, embedded, fail]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  // Called by the chat package lazily, before expiry and once after a 401.
  const getToken = useCallback(async (): Promise<ChatToken> => {
    const first = firstSession.current;
    if (first) {
      firstSession.current = null;
      return first;
    }
    const token = publishToken.current;
    if (!token && !embedded) {
      setState({ kind: 'invalid-link' });
      throw new Error('No publish token');
    }
    try {
      return await (token ? api.publicSession(workflowId, token) : embedSession());
    } catch (error) {
      // Rotated, unpublished, signed out...: show the matching screen instead of a broken chat.
      fail(failureOf(error));
      throw error;
    }
  }, [workflowId, embedded, fail]);

  // Inside an embed the website's loader keeps the thread: this frame's own storage may be denied.
  const onThreadChange = useCallback(
    (threadId: string | null) => (embedded ? tellEmbedder(threadId) : saveThread(workflowId, threadId)),
    [workflowId, embedded],
  );

  const onChatError = useCallback(
    (error: ChatError) => {
      if (isMissingThread(error)) {
        onThreadChange(null);
        return;
      }
      fail(failureFor(error));
    },
    [onThreadChange, fail],
  );

  // A light or dark chat gets a page of the same kind around it ('system' already follows the device).
  const scheme = state.kind === 'chat' ? state.workflow.chat.theme.colorScheme : undefined;
  return (
    <main className="public-page" data-chat-scheme={scheme}>
      {renderState()}
    </main>
  );

  function renderState() {
    switch (state.kind) {
      case 'loading':
        return <LoadingScreen />;
      case 'invalid-link':
        return <InvalidLinkScreen onRetry={retry} />;
      case 'not-available':
        return <NotAvailableScreen onRetry={retry} />;
      case 'login-required':
        return <LoginRequiredScreen onSignIn={() => navigate(signInPath(workflowId))} />;
      case 'rate-limited':
        return <RateLimitedScreen retryAfterSeconds={state.retryAfterSeconds} onRetry={retry} />;
      case 'quota-exceeded':
        return <QuotaExceededScreen retryAfterSeconds={state.retryAfterSeconds} onRetry={retry} />;
      case 'unavailable':
        return <UnavailableScreen onRetry={retry} />;
      case 'chat':
        return (
          <div className="public-chat" data-testid="public-chat">
            <h1 className="visually-hidden">{state.workflow.name}</h1>
            <WorkflowChat
              key={`${workflowId}:${attempt}`}
              className="public-chat-widget"
              apiUrl="/api/chatkit"
              getToken={getToken}
              onError={onChatError}
              {...chatAppearance(state.workflow.chat, state.workflow.name)}
              language={state.workflow.chat.locale ?? browserLanguage()}
              initialThread={state.initialThread}
              onThreadChange={onThreadChange}
              element={state.config.chatkit.element}
              domainKey={state.config.chatkit.domainKey ?? undefined}
            />
          </div>
        );
    }
  }
}

/** The visitor's preferred language; the chat falls back to English when it has no translation. */
function browserLanguage(): string | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.language;
}
