import type { ChatKitElementKind } from '@wfchat/chatkit';
import type { ChatAppearance } from '../chat-appearance/chat-appearance.js';
import { Component, lazy, type ReactNode, Suspense, useState } from 'react';
import { track } from '../lib/telemetry.js';
import { PanelLoading } from './PanelLoading.js';
import type { RunStatus } from './run-status.js';

export interface ChatBubbleProps {
  workflowId: string;
  /** A new value restarts the chat (new workflow, or a new saved draft). */
  resetKey: string;
  /** The saved draft's start screen and look. */
  appearance: ChatAppearance;
  element?: ChatKitElementKind;
  domainKey?: string;
  /** Each step's status in the test chat's current run, as it runs. */
  onRunStatus?: (status: RunStatus) => void;
}

// The chat (and @wfchat/chatkit with it) is downloaded only when the bubble is first opened.
const loadPanel = () => import('./CanvasChatPanel.js').then((m) => ({ default: m.CanvasChatPanel }));

interface LoadBoundaryProps {
  fallback: (retry: () => void) => ReactNode;
  onRetry: () => void;
  children: ReactNode;
}

class LoadBoundary extends Component<LoadBoundaryProps, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    if (!this.state.failed) return this.props.children;
    return this.props.fallback(() => {
      this.setState({ failed: false });
      this.props.onRetry();
    });
  }
}

/** A floating button on the workflow page that opens a test chat running the latest saved draft. */
export function ChatBubble(props: ChatBubbleProps) {
  const [open, setOpen] = useState(false);
  // A rejected lazy() stays rejected: Retry after a failed download needs a new one.
  const [Panel, setPanel] = useState(() => lazy(loadPanel));

  function toggle() {
    track(open ? 'canvas.chat.close' : 'canvas.chat.open', { workflowId: props.workflowId });
    setOpen(!open);
  }

  return (
    <div className="chat-bubble">
      {open && (
        <section className="chat-panel" role="dialog" aria-label="Test chat" data-testid="canvas-chat-panel">
          <header className="chat-panel-header">
            <span>
              Test chat <span className="muted">· latest saved version</span>
            </span>
            <button type="button" className="link" onClick={toggle}>
              Close chat
            </button>
          </header>
          <LoadBoundary
            onRetry={() => setPanel(() => lazy(loadPanel))}
            fallback={(retry) => (
              <div className="chat-panel-status" role="alert" data-testid="canvas-chat-error">
                <p>The chat could not be loaded.</p>
                <button type="button" onClick={retry}>
                  Retry
                </button>
              </div>
            )}
          >
            <Suspense fallback={<PanelLoading />}>
              <Panel {...props} key={props.resetKey} />
            </Suspense>
          </LoadBoundary>
        </section>
      )}
      <button
        type="button"
        className="chat-bubble-button primary"
        aria-expanded={open}
        onClick={toggle}
        data-testid="chat-bubble"
      >
        {open ? 'Hide test chat' : 'Test chat'}
      </button>
    </div>
  );
}
