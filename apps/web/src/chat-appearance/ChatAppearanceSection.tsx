import type { ChatKitElementKind } from '@wfchat/chatkit';
import type { TChatSettings } from '@wfchat/contracts';
import { lazy, Suspense, useMemo, useState } from 'react';
import { PanelLoading } from '../canvas-chat/PanelLoading.js';
import { chatAppearance } from './chat-appearance.js';
import { chatOfDefinitionText } from './chat-settings-edit.js';
import { ChatAppearanceForm } from './ChatAppearanceForm.js';

// The same lazily loaded chat as the bubble: nothing of the chat package downloads until the section opens.
const PreviewChat = lazy(() =>
  import('../canvas-chat/CanvasChatPanel.js').then((m) => ({ default: m.CanvasChatPanel })),
);

interface Props {
  workflowId: string;
  workflowName: string;
  /** The latest saved version: the preview restarts on it after each save. */
  savedVersion: number;
  /** The editor's definition text: the form reads and writes its `chat`. */
  definitionText: string;
  onDefinitionTextChange: (text: string) => void;
  /** False when Canvas chat is off: the form stays, the live preview goes. */
  previewEnabled: boolean;
  element?: ChatKitElementKind;
  domainKey?: string;
}

/**
 * "Chat appearance": a form over `definition.chat` next to a live preview. The
 * preview is a real test chat of the latest saved version, restyled at every
 * keystroke; the settings reach visitors once saved and published.
 */
export function ChatAppearanceSection(props: Props) {
  const [open, setOpen] = useState(false);
  const parsed = useMemo(() => chatOfDefinitionText(props.definitionText), [props.definitionText]);

  const onChange = (chat: TChatSettings) => {
    if (!parsed) return;
    props.onDefinitionTextChange(JSON.stringify({ ...parsed.definition, chat }, null, 2));
  };

  return (
    <details
      className="appearance"
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
      data-testid="appearance-section"
    >
      <summary>Chat appearance</summary>
      {open &&
        (parsed ? (
          <div className="appearance-body">
            <ChatAppearanceForm chat={parsed.chat} workflowName={props.workflowName} onChange={onChange} />
            {props.previewEnabled && (
              <div className="appearance-preview" data-testid="appearance-preview">
                <p className="muted">Preview · answers come from the latest saved version</p>
                <Suspense fallback={<PanelLoading />}>
                  <PreviewChat
                    key={props.savedVersion}
                    workflowId={props.workflowId}
                    resetKey={`preview:${props.savedVersion}`}
                    appearance={chatAppearance(parsed.chat, props.workflowName)}
                    element={props.element}
                    domainKey={props.domainKey}
                  />
                </Suspense>
              </div>
            )}
          </div>
        ) : (
          <p className="muted" data-testid="appearance-unavailable">
            The definition below is not valid JSON. Fix it to edit the appearance here.
          </p>
        ))}
    </details>
  );
}
