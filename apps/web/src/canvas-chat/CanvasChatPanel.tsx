import { type ChatError, type ChatToken, WorkflowChat } from '@wfchat/chatkit';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api, NETWORK_ERROR } from '../lib/api.js';
import { track } from '../lib/telemetry.js';
import type { ChatBubbleProps } from './ChatBubble.js';
import { PanelLoading } from './PanelLoading.js';
import { runStatusOf } from './run-status.js';

/** The author's test chat asks for the run trace: the steps as they run, in the chat and for the page. */
const TRACED_CHATKIT_URL = '/api/chatkit?trace=1';

type State = { kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; message: string };

function messageFor(error: {
  status: number;
  code: string;
  message: string;
  retryAfterSeconds?: number | null;
}): string {
  if (error.status === 429) {
    const wait = error.retryAfterSeconds
      ? ` Wait ${error.retryAfterSeconds} s and retry.`
      : ' Wait a moment and retry.';
    return `Too many requests.${wait}`;
  }
  if (error.code === NETWORK_ERROR || error.status >= 500) return 'The chat service is not reachable right now.';
  return error.message;
}

/** The test chat of one saved draft (lazy-loaded; remounted by the bubble on every reset). */
export function CanvasChatPanel({ workflowId, appearance, element, domainKey, onRunStatus }: ChatBubbleProps) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const firstToken = useRef<ChatToken | null>(null);

  const mint = useCallback(async (): Promise<ChatToken> => {
    try {
      const session = await api.canvasChatSession(workflowId);
      track('canvas.chat.session.success', { workflowId });
      return session;
    } catch (error) {
      const code = error instanceof ApiError ? error.code : 'unknown';
      track('canvas.chat.session.failure', { workflowId, code });
      setState({
        kind: 'error',
        message: error instanceof ApiError ? messageFor(error) : 'The chat could not start.',
      });
      throw error;
    }
  }, [workflowId]);

  // Mint before mounting the chat, so a failure shows a clear state with Retry.
  useEffect(() => {
    let active = true;
    setState({ kind: 'loading' });
    mint().then(
      (token) => {
        if (!active) return;
        firstToken.current = token;
        setState({ kind: 'ready' });
      },
      () => undefined,
    );
    return () => {
      active = false;
    };
  }, [mint, attempt]);

  const getToken = useCallback(() => {
    const first = firstToken.current;
    firstToken.current = null;
    return first ? Promise.resolve(first) : mint();
  }, [mint]);

  const onError = useCallback((error: ChatError) => {
    if (error.status === 404 && error.code === 'thread.not_found') return; // the chat starts a new thread
    setState({ kind: 'error', message: messageFor(error) });
  }, []);

  const onEffect = useCallback(
    (effect: { name: string; data?: Record<string, unknown> }) => {
      const status = runStatusOf(effect);
      if (status) onRunStatus?.(status);
    },
    [onRunStatus],
  );

  if (state.kind === 'loading') return <PanelLoading />;
  if (state.kind === 'error') {
    return (
      <div className="chat-panel-status" role="alert" data-testid="canvas-chat-error">
        <p>{state.message}</p>
        <button type="button" onClick={() => setAttempt((n) => n + 1)}>
          Retry
        </button>
      </div>
    );
  }
  return (
    <div className="chat-panel-body" data-testid="canvas-chat">
      <WorkflowChat
        key={attempt}
        apiUrl={TRACED_CHATKIT_URL}
        getToken={getToken}
        onError={onError}
        onEffect={onEffect}
        {...appearance}
        element={element}
        domainKey={domainKey}
        historyEnabled={false}
      />
    </div>
  );
}
