import { ChatKit, useChatKit } from '@openai/chatkit-react';
import { type CSSProperties, useEffect, useMemo, useRef, useState } from 'react';
import { createAuthorizedFetch } from '../auth/authorized-fetch.js';
import type { ChatError, ChatToken } from '../auth/chat-token.types.js';
import { createTokenManager } from '../auth/token-manager.js';
import type { ChatStrings } from '../element/chat-strings.js';
import { type ChatKitElementKind, loadChatKitElement } from '../loader/load-chatkit-element.js';
import type { UploadInit } from '../protocol/chatkit-client.js';
import { toChatKitOptions, type WorkflowChatAttachments, type WorkflowChatTheme } from './chatkit-options.js';
import { usePrefersDark } from './use-prefers-dark.js';

export interface WorkflowChatProps {
  /** The ChatKit endpoint, e.g. '/api/chatkit'. */
  apiUrl: string;
  /** Mints a chat JWT (host calls its session endpoint). Called again before expiry and after a 401. */
  getToken: () => Promise<ChatToken>;
  /** 401/403/404/429/5xx from the API, after the single 401 retry. */
  onError?: (error: ChatError) => void;
  greeting?: string;
  prompts?: { label: string; prompt: string }[];
  title?: string;
  /** The composer's placeholder. */
  placeholder?: string;
  /** One line under the composer, e.g. "Answers may be wrong." */
  disclaimer?: string;
  initialThread?: string | null;
  onThreadChange?: (threadId: string | null) => void;
  /** A `client_effect` the server streamed (e.g. the Canvas run trace's `canvas.run_status`). */
  onEffect?: (effect: { name: string; data?: Record<string, unknown> }) => void;
  theme?: WorkflowChatTheme;
  locale?: Partial<ChatStrings>;
  /** BCP 47 tag (`ar`, `fr-CA`) for the built-in labels and right-to-left layout; overrides in `locale` still win. */
  language?: string;
  element?: ChatKitElementKind;
  domainKey?: string;
  historyEnabled?: boolean;
  /** Lets visitors attach files (the public metadata's `chat.attachments`); off when absent. */
  attachments?: WorkflowChatAttachments;
  className?: string;
  style?: CSSProperties;
  /** How long to wait for OpenAI's hosted element before using the built-in one. */
  elementTimeoutMs?: number;
}

/**
 * The global fetch, except that an upload asking for progress goes through
 * progressFetch (XMLHttpRequest), fetched the first time a file is attached.
 */
function uploadAwareFetch(input: RequestInfo | URL, init?: UploadInit): Promise<Response> {
  if (!init?.onUploadProgress) return globalThis.fetch(input, init);
  // From the attachments chunk, which the element has already fetched by now.
  return import('../element/views/attachments.js').then(({ progressFetch }) => progressFetch(input, init));
}

/**
 * The chat of one workflow. Tokens belong to one workflow, so hosts remount it
 * (`key={workflowId}`) when the workflow changes.
 */
export function WorkflowChat(props: WorkflowChatProps) {
  const { element = 'builtin', domainKey, elementTimeoutMs } = props;
  const [loaded, setLoaded] = useState<ChatKitElementKind | null>(null);

  useEffect(() => {
    let active = true;
    void loadChatKitElement({ element, domainKey, timeoutMs: elementTimeoutMs }).then((kind) => {
      if (active) setLoaded(kind);
    });
    return () => {
      active = false;
    };
  }, [element, domainKey, elementTimeoutMs]);

  if (!loaded) {
    return <div className={props.className} style={props.style} aria-busy="true" data-chatkit-loading="" />;
  }
  return <LoadedWorkflowChat {...props} loadedElement={loaded} />;
}

function LoadedWorkflowChat(props: WorkflowChatProps & { loadedElement: ChatKitElementKind }) {
  // Callbacks are read through a ref so a host re-render with new inline
  // functions neither remints tokens nor rebuilds ChatKit's options.
  const latest = useRef(props);
  latest.current = props;
  const prefersDark = usePrefersDark();

  const authorizedFetch = useMemo(() => {
    const tokens = createTokenManager({ getToken: () => latest.current.getToken() });
    return createAuthorizedFetch({ tokens, onError: (error) => latest.current.onError?.(error), fetch: uploadAwareFetch });
  }, []);

  const chatkit = useChatKit({
    ...toChatKitOptions({
      apiUrl: props.apiUrl,
      fetch: authorizedFetch,
      domainKey: props.domainKey,
      element: props.loadedElement,
      greeting: props.greeting,
      prompts: props.prompts,
      title: props.title,
      placeholder: props.placeholder,
      disclaimer: props.disclaimer,
      initialThread: props.initialThread,
      theme: props.theme,
      prefersDark,
      locale: props.locale,
      language: props.language,
      historyEnabled: props.historyEnabled,
      attachments: props.attachments,
    }),
    onThreadChange: ({ threadId }) => latest.current.onThreadChange?.(threadId),
    // Only for hosts that listen (the Canvas test chat): in jsdom, a registered
    // onEffect kept onThreadChange from being called (not understood yet).
    ...(props.onEffect ? { onEffect: (effect) => latest.current.onEffect?.(effect) } : {}),
  });

  return <ChatKit control={chatkit.control} className={props.className} style={{ display: 'block', height: '100%', ...props.style }} />;
}
