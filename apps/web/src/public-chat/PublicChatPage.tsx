import type { TClientConfig, TPublicWorkflow } from '@wfchat/contracts';
import { type ChatError, type ChatToken, WorkflowChat } from '@wfchat/chatkit';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../lib/api.js';
import { FALLBACK_CONFIG, loadConfig } from '../lib/config.js';
import { type Failure, failureFor, isMissingThread } from './chat-failure.js';
import { fragmentToken, loadThread, rememberedPublishToken, rememberPublishToken, saveThread } from './chat-storage.js';
import {
  InvalidLinkScreen,
  LoadingScreen,
  LoginRequiredScreen,
  NotAvailableScreen,
  RateLimitedScreen,
  UnavailableScreen,
} from './PublicChatScreens.js';

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

/** `/chat/:workflowId#t=<publish token>`: a visitor chats with a published workflow. */
export function PublicChatPage() {
  const { workflowId = '' } = useParams();
  const navigate = useNavigate();
  const { hash, pathname, search } = useLocation();
  const linkToken = fragmentToken(hash);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const publishToken = useRef<string | null>(null);
  // The session minted while loading; the chat's first getToken() uses it instead of minting again.
  const firstSession = useRef<ChatToken | null>(null);

  // A link's token moves from the address bar (and so from bookmarks, history and
  // screenshots) to sessionStorage. Removing it through the router keeps the router's
  // idea of the URL true, so the same link opened again in this tab is seen again.
  useEffect(() => {
    if (linkToken === null) return;
    rememberPublishToken(workflowId, linkToken);
    navigate({ pathname, search }, { replace: true });
  }, [linkToken, workflowId, pathname, search, navigate]);

  // Runs once the fragment is gone: on arrival, after each new link, and on Retry.
  useEffect(() => {
    if (linkToken !== null) return;
    let active = true;
    setState({ kind: 'loading' });
    const token = rememberedPublishToken(workflowId);
    publishToken.current = token;
    if (!token) {
      setState({ kind: 'invalid-link' });
      return;
    }
    void Promise.allSettled([api.publicWorkflow(workflowId), api.publicSession(workflowId, token), loadConfig()]).then(
      ([workflow, session, config]) => {
        if (!active) return;
        if (workflow.status === 'rejected') return setState(failureOf(workflow.reason));
        if (session.status === 'rejected') return setState(failureOf(session.reason));
        firstSession.current = session.value;
        document.title = workflow.value.name;
        setState({
          kind: 'chat',
          workflow: workflow.value,
          config: config.status === 'fulfilled' ? config.value : FALLBACK_CONFIG,
          initialThread: loadThread(workflowId),
        });
      },
    );
    return () => {
      active = false;
    };
  }, [workflowId, attempt, linkToken]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  // Called by the chat package lazily, before expiry and once after a 401.
  const getToken = useCallback(async (): Promise<ChatToken> => {
    const first = firstSession.current;
    if (first) {
      firstSession.current = null;
      return first;
    }
    const token = publishToken.current;
    if (!token) {
      setState({ kind: 'invalid-link' });
      throw new Error('No publish token');
    }
    try {
      return await api.publicSession(workflowId, token);
    } catch (error) {
      // Rotated, unpublished, signed out...: show the matching screen instead of a broken chat.
      setState(failureOf(error));
      throw error;
    }
  }, [workflowId]);

  const onChatError = useCallback(
    (error: ChatError) => {
      if (isMissingThread(error)) {
        saveThread(workflowId, null);
        return;
      }
      setState(failureFor(error));
    },
    [workflowId],
  );

  const onThreadChange = useCallback((threadId: string | null) => saveThread(workflowId, threadId), [workflowId]);

  return <main className="public-page">{renderState()}</main>;

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
              title={state.workflow.name}
              greeting={state.workflow.chat.greeting ?? undefined}
              prompts={state.workflow.chat.prompts}
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
