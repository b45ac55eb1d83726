import type { ChatKitOptions, UserMessageContent } from '@openai/chatkit-react';
import { html, nothing, render, type TemplateResult } from 'lit-html';
import { ChatKitClient, ChatKitHttpError } from '../protocol/chatkit-client.js';
import type {
  Attachment,
  JsonOp,
  Page,
  StreamingOp,
  Thread,
  ThreadItem,
  ThreadStreamEvent,
  UserMessageInput,
} from '../protocol/protocol.types.js';
import {
  type ChatStrings,
  DEFAULT_STRINGS,
  loadTranslation,
  resolveStrings,
  textDirection,
  translationReady,
} from './chat-strings.js';
import { CHATKIT_STYLES } from './chatkit-styles.js';
import type { Draft } from './attachment-drafts.js';
import type { AttachmentsOption } from './attachment-rules.js';
import type { ComposerFiles } from './composer-files.js';
import type { HistoryPanel } from './history-panel.js';
import { resolveTheme } from './theme.js';
import {
  applyAssistantUpdate,
  applyItemUpdate,
  assistantText,
  isAssistantMessage,
  isUserMessage,
  userText,
} from './thread-items.js';
import { assistantMessageView, type FeedbackKind } from './views/assistant-message-view.js';
import { chatView } from './views/chat-view.js';
import { loadMarkdown, markdownReady, whenMarkdownLoads } from './views/markdown-loader.js';
import type { Notice } from './views/notice-view.js';
import type { AttachmentFace } from './views/attachment-view.js';
import { loadAttachments, loadedAttachments } from './views/attachments-loader.js';
import { userMessageView } from './views/user-message-view.js';
import type { WidgetAction } from './views/widget-view.js';
import type { Workflow, WorkflowTask } from './views/workflow-view.js';
import { loadedRichItems, loadRichItems, type RichItems } from './views/rich-items-loader.js';

/**
 * Fetches the Markdown view (a fifth of the chat's code) when the visitor is
 * about to get an answer, not with the page: a visit that never chats
 * downloads only what makes the chat usable, and a question is typed in the
 * time the view takes to arrive and warm up.
 */
function prefetchMarkdown(): void {
  if (!markdownReady()) void loadMarkdown();
}

/**
 * ChatKit's options plus one extension the built-in element understands:
 * `strings`, to override any UI label. The hosted element never sees it (the
 * React wrapper only adds it for the built-in one).
 */
export type BuiltinChatKitOptions = ChatKitOptions & { strings?: Partial<ChatStrings> };

type SendUserMessageParams = {
  text?: string;
  content?: UserMessageContent[];
  newThread?: boolean;
  toolChoice?: { id: string };
  model?: string;
};

const ITEMS_PAGE_SIZE = 50;
/** Guards against a server that always answers `has_more: true`. */
const MAX_ITEM_PAGES = 20;
/** How long a Copy button says "Copied". */
const COPIED_MS = 2000;

// Lets the module load where there is no DOM (SSR, node tests of other parts).
const ElementBase: typeof HTMLElement =
  typeof HTMLElement === 'undefined' ? (class {} as unknown as typeof HTMLElement) : HTMLElement;

/**
 * Our own implementation of the `<openai-chatkit>` element, written from the
 * protocol description (chatkit-protocol.md). `@openai/chatkit-react` drives it
 * exactly as it drives the hosted one: `setOptions()`, the imperative methods,
 * and `chatkit.*` DOM events.
 *
 * The element holds the state; `views/` turn it into lit-html templates (one
 * view per item type) that `render()` diffs into the shadow root.
 */
export class BuiltinChatKitElement extends ElementBase {
  /** Lets the loader tell our element from OpenAI's once either is defined. */
  static readonly isBuiltinChatKit = true;

  private options: BuiltinChatKitOptions | null = null;
  private client: ChatKitClient | null = null;
  private strings: ChatStrings = DEFAULT_STRINGS;
  private thread: Thread | null = null;
  private items: ThreadItem[] = [];
  /**
   * The text each assistant message showed at its last render. Deltas change
   * the item at once but reach the screen at most once per animation frame.
   */
  private shownText = new Map<string, string>();
  /** Assistant items still receiving deltas: no action buttons on them yet. */
  private streamingItems = new Set<string>();
  private frame: number | null = null;
  private feedback = new Map<string, FeedbackKind>();
  /** Widgets whose choice was made here: their buttons stay disabled. */
  private usedWidgets = new Set<string>();
  /** The unconfirmed user message and how many items preceded it. */
  private pending: { text: string; position: number; attachments: AttachmentFace[] } | null = null;
  /** The files of the message being written, and sent messages' files (a lazy chunk). */
  private files: ComposerFiles | null = null;
  private progress: string | null = null;
  private notices: Notice[] = [];
  private error: { message: string; retry: (() => void) | null } | null = null;
  private announcement = '';
  private loadingThread = false;
  /** The Copy button that currently says "Copied": an item id, or `id#offset` for a code block. */
  private copied: string | null = null;
  private copiedTimer: ReturnType<typeof setTimeout> | null = null;
  private running: AbortController | null = null;
  private allowCancel = true;
  private readySent = false;
  private lastEmittedThreadId: string | null = null;
  /** Bumped on every thread switch so a late answer for an old thread is dropped. */
  private threadEpoch = 0;
  /** Loaded on first open: most visitors never look at their history, so its code is not in the first download. */
  private history: HistoryPanel | null = null;
  private historyLoad: Promise<HistoryPanel> | null = null;
  private readonly darkQuery: MediaQueryList | null;

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: 'open' });
    adoptStyles(shadow, this.ownerDocument);
    this.darkQuery = this.ownerDocument.defaultView?.matchMedia?.('(prefers-color-scheme: dark)') ?? null;
    // For colorScheme 'system': follow the OS setting. The page keeps the
    // listener; a weak reference lets a removed chat be collected.
    const self = new WeakRef(this);
    this.darkQuery?.addEventListener?.('change', () => self.deref()?.render());
    // Whatever shows Markdown first (an answer, a notice, the disclaimer) or
    // the visitor starting to type fetches it (see prefetchMarkdown): what was
    // shown as plain text turns into Markdown then.
    whenMarkdownLoads(() => self.deref()?.render());
    this.render();
  }

  disconnectedCallback(): void {
    // An unmounted chat must not keep a stream (and the server's work) alive.
    this.running?.abort();
    this.flushFrame();
  }

  // ---- The JS surface @openai/chatkit-react calls -------------------------------

  /** Full replacement of the options (never a merge), as ChatKit specifies. */
  setOptions(options: BuiltinChatKitOptions): void {
    const first = this.options === null;
    this.options = { ...options };
    const api = options.api as { url?: string; fetch?: typeof fetch };
    this.client = typeof api?.url === 'string' ? new ChatKitClient({ url: api.url, fetch: api.fetch }) : null;
    this.applyStrings();
    const locale = this.locale();
    if (!translationReady(locale)) {
      // English until the table arrives (it is small); ignore it if the options moved on.
      void loadTranslation(locale).then(() => {
        if (this.locale() === locale) this.applyStrings();
      });
    }
    if (first) {
      // After the current task, so React has attached its event listeners.
      setTimeout(() => {
        if (!this.readySent) {
          this.readySent = true;
          this.emit('chatkit.ready', undefined);
        }
        const initial = this.options?.initialThread;
        if (initial && !this.thread) void this.loadThread(initial);
      }, 0);
    }
  }

  async focusComposer(): Promise<void> {
    this.input.focus();
  }

  async setThreadId(threadId: string | null): Promise<void> {
    if (threadId === null) {
      this.running?.abort();
      this.threadEpoch += 1;
      this.thread = null;
      this.items = [];
      this.pending = null;
      this.feedback.clear();
      this.clearTransient();
      this.render();
      this.emitThreadChange();
      return;
    }
    await this.loadThread(threadId);
  }

  async sendUserMessage(params: SendUserMessageParams): Promise<void> {
    prefetchMarkdown();
    const content: UserMessageContent[] = params.content ?? [{ type: 'input_text', text: params.text ?? '' }];
    const text = content.map((part) => part.text).join('');
    const files = this.attachmentsOption() ? this.files : null;
    if (this.running || (!text.trim() && !files?.readyIds().length)) return;
    if (files?.uploading) {
      // Sending now would leave the unfinished files behind; the text stays where it is.
      this.setError(files.stillUploadingMessage(), null);
      return;
    }
    const sent: Draft[] = files?.take() ?? [];
    const input: UserMessageInput = {
      content: content as UserMessageInput['content'],
      attachments: sent.flatMap((draft) => (draft.attachment ? [draft.attachment.id] : [])),
      inference_options: {
        ...(params.toolChoice ? { tool_choice: params.toolChoice } : {}),
        ...(params.model ? { model: params.model } : {}),
      },
    };
    if (params.newThread && this.thread) await this.setThreadId(null);
    const pending = { text, position: this.items.length, attachments: sent.map((draft) => ({ name: draft.name, previewUrl: draft.previewUrl })) };
    this.pending = pending;
    this.render();
    this.scrollToEnd();
    const thread = this.thread;
    const ok = thread
      ? await this.runStream('threads.add_user_message', { thread_id: thread.id, input })
      : await this.runStream('threads.create', { input });
    if (!ok && this.pending === pending) {
      // Nothing was stored: take the bubble away and give the text (and files) back.
      this.pending = null;
      if (sent.length) files?.restore(sent);
      this.render();
      if (!this.input.value) this.input.value = text;
    } else if (sent.length) {
      files?.release(sent);
    }
  }

  async setComposerValue(params: { text?: string; content?: UserMessageContent[] }): Promise<void> {
    this.input.value = params.text ?? params.content?.map((part) => part.text).join('') ?? '';
  }

  /** Re-reads the current thread, e.g. after the host changed it server-side. */
  async fetchUpdates(): Promise<void> {
    if (this.thread && !this.running) await this.loadThread(this.thread.id, { quiet: true });
  }

  async sendCustomAction(action: { type: string; payload?: Record<string, unknown> }, itemId?: string): Promise<void> {
    if (!this.thread || this.running) return;
    await this.runStream('threads.custom_action', {
      thread_id: this.thread.id,
      ...(itemId ? { item_id: itemId } : {}),
      action,
    });
  }

  private loadHistory(): Promise<HistoryPanel> {
    this.historyLoad ??= import('./history-panel.js').then(({ HistoryPanel }) => {
      const panel = new HistoryPanel(this.ownerDocument, this.strings, {
        list: (after) =>
          this.call<Page<Thread>>('threads.list', { limit: 20, order: 'desc', ...(after ? { after } : {}) }),
        open: (threadId) => {
          void this.hideHistory();
          void this.loadThread(threadId);
        },
        rename: (threadId, newTitle) => this.renameThread(threadId, newTitle),
        remove: (threadId) => this.deleteThread(threadId),
        close: () => void this.hideHistory(),
        fail: (err) => this.showFailure(err, null),
      });
      panel.setStrings(this.strings, this.locale());
      this.history = panel;
      return panel;
    });
    return this.historyLoad;
  }

  async showHistory(): Promise<void> {
    if (!this.historyEnabled() || this.history?.isOpen) return;
    const history = await this.loadHistory();
    if (history.isOpen) return;
    this.emit('chatkit.history.open', undefined);
    const shown = history.show(this.thread?.id ?? null);
    this.render();
    await shown;
  }

  async hideHistory(): Promise<void> {
    if (!this.history?.isOpen) return;
    this.history.hide();
    this.render();
    this.emit('chatkit.history.close', undefined);
    this.query<HTMLButtonElement>('.open-history')?.focus();
  }

  // ---- Protocol -----------------------------------------------------------------

  private call<T>(op: JsonOp, params: Record<string, unknown>): Promise<T> {
    if (!this.client) return Promise.reject(new Error('ChatKit: setOptions({api: {url}}) has not been called'));
    return this.client.request<T>(op, params);
  }

  /**
   * Runs one streaming op to its end. Returns true when the server accepted the
   * request (even if the answer was stopped or ended in an in-band error).
   */
  private async runStream(op: StreamingOp, params: Record<string, unknown>): Promise<boolean> {
    if (!this.client || this.running) return false;
    const controller = new AbortController();
    const epoch = this.threadEpoch;
    this.running = controller;
    this.allowCancel = true;
    this.clearTransient();
    this.setBusy(true);
    this.emit('chatkit.response.start', undefined);
    let accepted = false;
    try {
      for await (const event of this.client.stream(op, params, controller.signal)) {
        accepted = true;
        if (epoch !== this.threadEpoch) break;
        this.handleEvent(event);
      }
      return true;
    } catch (error) {
      if (controller.signal.aborted) {
        this.announce(this.strings.responseStopped);
        return accepted;
      }
      // Another tab filled or closed this thread: re-read it, so the composer shows why.
      if (error instanceof ChatKitHttpError && error.code === 'thread.locked') setTimeout(() => void this.fetchUpdates(), 0);
      const retry = accepted || isClientError(error) ? null : () => void this.retryStream(op, params);
      // A rejected first message leaves no thread; retrying means sending it again.
      this.showFailure(error, op === 'threads.create' || op === 'threads.add_user_message' ? null : retry);
      return accepted;
    } finally {
      this.running = null;
      this.streamingItems.clear();
      this.progress = null;
      this.flushFrame();
      this.setBusy(false);
      this.emit('chatkit.response.end', undefined);
    }
  }

  private async retryStream(op: StreamingOp, params: Record<string, unknown>): Promise<void> {
    await this.runStream(op, params);
  }

  private handleEvent(event: ThreadStreamEvent): void {
    switch (event.type) {
      case 'thread.created':
        this.thread = { ...event.thread, items: undefined };
        this.emitThreadChange();
        break;
      case 'thread.updated':
        if (!this.thread || event.thread.id === this.thread.id) {
          this.thread = { ...this.thread, ...event.thread, items: undefined };
        }
        this.history?.updateThread(event.thread);
        break;
      case 'thread.item.added':
        // A workflow runs (its steps shown open) until it is done, as an answer streams.
        if (isAssistantMessage(event.item) || event.item.type === 'workflow') this.streamingItems.add(event.item.id);
        this.progress = null;
        this.upsertItem(event.item);
        break;
      case 'thread.item.done':
      case 'thread.item.replaced':
        if (isUserMessage(event.item)) this.pending = null;
        this.streamingItems.delete(event.item.id);
        this.upsertItem(event.item);
        if (isAssistantMessage(event.item)) this.announcement = '';
        break;
      case 'thread.item.updated': {
        const item = this.items.find((candidate) => candidate.id === event.item_id);
        if (item && isAssistantMessage(item) && applyAssistantUpdate(item, event.update)) this.renderOnNextFrame();
        else if (item && applyItemUpdate(item, event.update)) this.renderOnNextFrame();
        // Deltas render at the next frame, not now.
        return;
      }
      case 'thread.item.removed':
        this.items = this.items.filter((item) => item.id !== event.item_id);
        break;
      case 'stream_options':
        this.allowCancel = event.stream_options.allow_cancel !== false;
        break;
      case 'progress_update':
        this.progress = event.text;
        break;
      case 'client_effect':
        this.emit('chatkit.effect', { name: event.name, data: event.data });
        return;
      case 'error':
        this.setError(
          event.code === 'custom' || event.message
            ? (event.message ?? this.strings.genericError)
            : this.strings.genericError,
          event.allow_retry ? () => void this.retryLastUserMessage() : null,
        );
        this.emit('chatkit.error', { error: new Error(event.message ?? event.code) });
        break;
      case 'notice':
        this.notices = [...this.notices, { level: event.level, message: event.message, title: event.title }];
        break;
      default:
        // Client tools and other types this element does not render.
        this.emit('chatkit.log', { name: 'unhandled_event', data: { type: (event as { type: string }).type } });
        return;
    }
    this.render();
    this.scrollToEnd();
  }

  /** `threads.retry_after_item` from the last user message; the server drops what followed it. */
  private async retryLastUserMessage(): Promise<void> {
    const lastUser = [...this.items].reverse().find(isUserMessage);
    if (lastUser) await this.retryAfter(lastUser.id);
  }

  private async retryAfter(userItemId: string): Promise<void> {
    if (!this.thread || this.running) return;
    const index = this.items.findIndex((item) => item.id === userItemId);
    if (index === -1) return;
    // The server deletes later items without removal events; mirror that here.
    this.items = this.items.slice(0, index + 1);
    this.render();
    await this.runStream('threads.retry_after_item', { thread_id: this.thread.id, item_id: userItemId });
  }

  private async loadThread(threadId: string, { quiet = false } = {}): Promise<void> {
    if (!this.client) return;
    this.running?.abort();
    const epoch = ++this.threadEpoch;
    if (!quiet) {
      this.clearTransient();
      this.emit('chatkit.thread.load.start', { threadId });
      this.loadingThread = true;
      this.announcement = this.strings.loading;
      this.render();
    }
    try {
      const thread = await this.call<Thread>('threads.get_by_id', { thread_id: threadId });
      const items = [...(thread.items?.data ?? [])];
      let page = thread.items;
      // get_by_id returns the first page (oldest first); page on for long threads.
      for (let pages = 0; page?.has_more && pages < MAX_ITEM_PAGES; pages += 1) {
        const after = page.after ?? items.at(-1)?.id;
        if (!after) break;
        page = await this.call<Page<ThreadItem>>('items.list', {
          thread_id: threadId,
          limit: ITEMS_PAGE_SIZE,
          order: 'asc',
          after,
        });
        items.push(...page.data);
      }
      if (epoch !== this.threadEpoch) return;
      this.thread = { ...thread, items: undefined };
      this.items = items;
      this.pending = null;
      if (!quiet) {
        this.feedback.clear();
        this.usedWidgets.clear();
      }
      this.render();
      this.emitThreadChange();
      this.scrollToEnd();
    } catch (error) {
      if (epoch !== this.threadEpoch) return;
      if (error instanceof ChatKitHttpError && error.status === 404) {
        // Deleted, or not this visitor's: start fresh rather than show a dead thread.
        await this.setThreadId(null);
        this.setError(this.strings.threadNotFound, null);
      } else {
        this.showFailure(error, () => void this.loadThread(threadId));
      }
      this.emit('chatkit.error', { error: asError(error) });
    } finally {
      if (!quiet && epoch === this.threadEpoch) {
        this.loadingThread = false;
        this.announcement = '';
        this.render();
      }
      if (!quiet) this.emit('chatkit.thread.load.end', { threadId });
    }
  }

  private async renameThread(threadId: string, title: string): Promise<Thread> {
    const updated = await this.call<Thread>('threads.update', { thread_id: threadId, title });
    if (this.thread?.id === threadId) {
      this.thread = { ...this.thread, title: updated.title ?? title };
      this.render();
    }
    return updated;
  }

  private async deleteThread(threadId: string): Promise<void> {
    await this.call<unknown>('threads.delete', { thread_id: threadId });
    if (this.thread?.id === threadId) await this.setThreadId(null);
  }

  private async sendFeedback(itemId: string, kind: FeedbackKind): Promise<void> {
    if (!this.thread || this.feedback.has(itemId)) return;
    this.feedback.set(itemId, kind);
    this.render();
    try {
      await this.call<unknown>('items.feedback', { thread_id: this.thread.id, item_ids: [itemId], kind });
      this.announce(this.strings.feedbackThanks);
    } catch (error) {
      this.feedback.delete(itemId);
      this.render();
      this.showFailure(error, null);
    }
  }

  /** Copies a message's Markdown source or a code block; its button says "Copied" for a moment. */
  private async copyText(key: string, text: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Denied (no permission, insecure context): say so instead of pretending.
      this.announce(this.strings.copyFailed);
      return;
    }
    if (this.copiedTimer !== null) clearTimeout(this.copiedTimer);
    this.copied = key;
    this.announcement = this.strings.copied;
    this.render();
    this.copiedTimer = setTimeout(() => {
      this.copiedTimer = null;
      this.copied = null;
      this.render();
    }, COPIED_MS);
  }

  // ---- Rendering ----------------------------------------------------------------

  private render(): void {
    const root = this.shadowRoot;
    if (!root) return;
    const { options, strings } = this;
    const theme = resolveTheme(options?.theme, this.darkQuery?.matches === true);
    const header = options?.header;
    const status = this.thread?.status;
    const locked = status && status.type !== 'active';
    const running = this.running !== null;
    render(
      chatView({
        strings,
        colorScheme: theme.colorScheme,
        themeVars: theme.vars,
        lang: this.locale(),
        dir: textDirection(this.locale()),
        header: {
          shown: header?.enabled !== false,
          titleShown: header?.title?.enabled !== false,
          title: header?.title?.text ?? this.thread?.title ?? '',
          historyButton: this.historyEnabled(),
          historyOpen: this.history?.isOpen ?? false,
        },
        start: {
          shown: this.items.length === 0 && this.pending === null && this.thread === null,
          greeting: options?.startScreen?.greeting ?? strings.greeting,
          prompts: (options?.startScreen?.prompts ?? []).map((prompt) => ({
            label: prompt.label,
            onClick: () => {
              const params = typeof prompt.prompt === 'string' ? { text: prompt.prompt } : { content: prompt.prompt };
              void this.sendUserMessage(params);
            },
          })),
        },
        entries: this.entries(),
        busy: running || this.loadingThread,
        progress: this.progress,
        notices: this.notices,
        error: this.error && { message: this.error.message, retry: this.error.retry !== null },
        composer: {
          placeholder: options?.composer?.placeholder ?? strings.composerPlaceholder,
          lockedReason: locked ? (status as { reason?: string }).reason || strings.threadLocked : null,
          running,
          allowCancel: this.allowCancel,
          attachments: this.attachmentsOption() ? (this.filesFor()?.composer() ?? null) : null,
        },
        disclaimer: options?.disclaimer?.text || null,
        announcement: this.announcement,
        historyPanel: this.history?.root ?? null,
        on: {
          toggleHistory: () => void (this.history?.isOpen ? this.hideHistory() : this.showHistory()),
          newChat: () => void this.setThreadId(null),
          retryError: () => this.error?.retry?.(),
          submit: (event) => {
            event.preventDefault();
            this.submitComposer();
          },
          keydown: (event) => {
            prefetchMarkdown();
            // Enter sends, Shift+Enter is a newline; never send mid-IME composition.
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              this.submitComposer();
            }
          },
          stop: () => this.running?.abort(),
          paste: (event) => this.files?.paste(event),
          drag: (event) => this.files?.drag(event),
        },
      }),
      root,
    );
  }

  /** The transcript: each item through its own view, the unconfirmed message where it was sent. */
  private entries(): TemplateResult[] {
    const entries: TemplateResult[] = [];
    const pending = this.pending;
    this.items.forEach((item, index) => {
      if (pending && index === pending.position) entries.push(this.pendingEntry(pending));
      const view = this.itemView(item);
      if (view) entries.push(view);
    });
    if (pending && pending.position >= this.items.length) entries.push(this.pendingEntry(pending));
    return entries;
  }

  private pendingEntry(pending: { text: string; attachments: AttachmentFace[] }): TemplateResult {
    return userMessageView(pending.text, this.strings, undefined, this.attachmentsView(pending.attachments));
  }

  private itemView(item: ThreadItem): TemplateResult | null {
    if (isUserMessage(item)) {
      const attachments = Array.isArray(item.attachments) ? item.attachments : [];
      return userMessageView(userText(item), this.strings, item.id, this.attachmentsView(attachments));
    }
    const other = item as ThreadItem & { widget?: unknown; workflow?: Workflow; task?: WorkflowTask };
    const rich = item.type === 'widget' || item.type === 'workflow' || item.type === 'task';
    const richItems = loadedRichItems();
    if (rich && !richItems) {
      void loadRichItems().then(() => this.render());
      return null;
    }
    const { widgetView, workflowView, taskView } = richItems ?? ({} as RichItems);
    if (item.type === 'widget' && other.widget) {
      const view = widgetView(other.widget, {
        used: this.usedWidgets.has(item.id),
        busy: this.running !== null,
        onAction: (action) => void this.widgetAction(item, action),
      });
      return html`<li class="msg widget-item" data-item-id=${item.id}>${view}</li>`;
    }
    if (item.type === 'workflow' && other.workflow) {
      const view = workflowView(other.workflow, this.strings, this.locale(), this.streamingItems.has(item.id));
      return html`<li class="msg workflow-item" data-item-id=${item.id}>${view}</li>`;
    }
    if (item.type === 'task' && other.task) {
      return html`<li class="msg workflow-item" data-item-id=${item.id}>
        <ol class="steps">
          ${taskView(other.task, this.strings)}
        </ol>
      </li>`;
    }
    if (!isAssistantMessage(item)) return null;
    const actions = this.options?.threadItemActions;
    let text = this.shownText.get(item.id);
    if (text === undefined || !this.streamingItems.has(item.id) || this.frame === null) {
      text = assistantText(item);
      this.shownText.set(item.id, text);
    }
    return assistantMessageView({
      id: item.id,
      text,
      strings: this.strings,
      done: !this.streamingItems.has(item.id) && this.thread !== null,
      feedback: actions?.feedback === true,
      retry: actions?.retry === true && this.isLastAssistant(item.id) && this.running === null,
      given: this.feedback.get(item.id),
      copiedKey: this.copied,
      onFeedback: (kind) => void this.sendFeedback(item.id, kind),
      onRetry: () => void this.retryBefore(item.id),
      onCopy: (key, text) => void this.copyText(key, text),
    });
  }

  // ---- Attachments ----------------------------------------------------------------

  /** ChatKit's `composer.attachments`, when it turns them on. */
  private attachmentsOption(): AttachmentsOption | null {
    const option = (this.options?.composer as { attachments?: AttachmentsOption } | undefined)?.attachments;
    return option?.enabled === true ? option : null;
  }

  /** The attachment code and styles: fetched once, then the chat renders again. */
  private filesFor(): ComposerFiles | null {
    const module = loadedAttachments();
    if (!module) void loadAttachments().then(() => this.render());
    if (!module || this.files || !this.shadowRoot) return this.files;
    adoptStyles(this.shadowRoot, this.ownerDocument, module.ATTACHMENT_STYLES);
    this.files = new module.ComposerFiles({
      option: () => this.attachmentsOption() ?? { enabled: false },
      strings: () => this.strings,
      locale: () => this.locale(),
      disabled: () => this.running !== null || ['locked', 'closed'].includes(this.thread?.status?.type ?? ''),
      create: (params) => this.call<Attachment>('attachments.create', params),
      fetch: () => (this.options?.api as { fetch?: typeof fetch } | undefined)?.fetch ?? globalThis.fetch,
      remove: (attachmentId) => this.call<unknown>('attachments.delete', { attachment_id: attachmentId }),
      changed: () => this.render(),
      announce: (text) => this.announce(text),
      focusInput: () => this.input.focus(),
    });
    return this.files;
  }

  private attachmentsView(attachments: (Attachment | AttachmentFace)[]): TemplateResult | typeof nothing {
    return attachments.length ? (this.filesFor()?.messageView(attachments) ?? nothing) : nothing;
  }

  private applyStrings(): void {
    this.strings = resolveStrings(this.options?.strings, this.locale());
    this.history?.setStrings(this.strings, this.locale());
    this.render();
  }

  private locale(): string | undefined {
    const locale = this.options?.locale;
    return typeof locale === 'string' && (locale as string) !== '' ? locale : undefined;
  }

  /**
   * A widget button: `handler: 'client'` actions go to the host's
   * `widgets.onAction`, the rest to the server as `threads.custom_action`.
   * Either way the widget's choices are spent.
   */
  private async widgetAction(item: ThreadItem, action: WidgetAction): Promise<void> {
    if (this.usedWidgets.has(item.id) || this.running) return;
    this.usedWidgets.add(item.id);
    this.render();
    const { handler, ...sent } = action;
    if (handler === 'client') {
      const widget = (item as ThreadItem & { widget: never }).widget;
      await this.options?.widgets?.onAction?.(sent, { id: item.id, widget });
      return;
    }
    await this.sendCustomAction(sent, item.id);
  }

  private historyEnabled(): boolean {
    return this.options?.history?.enabled !== false;
  }

  /** Start or end of a turn: moves focus sensibly and tells screen readers. */
  private setBusy(busy: boolean): void {
    const active = this.shadowRoot?.activeElement ?? null;
    const wasInput = active === this.input;
    const wasStop = active === this.query('.stop');
    if (busy) this.announcement = this.strings.responding;
    this.render();
    const stop = this.query<HTMLButtonElement>('.stop');
    // The input is disabled while streaming; keep keyboard users on the stop button.
    if (busy && wasInput && stop && !stop.hidden) stop.focus();
    if (!busy && (wasStop || wasInput)) this.input.focus();
  }

  private upsertItem(item: ThreadItem): void {
    const index = this.items.findIndex((candidate) => candidate.id === item.id);
    // Copy so later deltas never mutate the server's event object.
    const copy = isAssistantMessage(item) ? { ...item, content: item.content.map((part) => ({ ...part })) } : item;
    if (index === -1) this.items.push(copy);
    else this.items[index] = copy;
    // A complete item shows its whole text now, not at the next frame.
    this.shownText.delete(item.id);
  }

  /**
   * A long answer streams as thousands of deltas, and each render re-parses
   * the whole text: coalescing them into one render per animation frame keeps
   * the tab responsive. `thread.item.done` renders the final text at once.
   */
  private renderOnNextFrame(): void {
    if (this.frame !== null) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.render();
    });
  }

  /** Renders now what the pending frame would have (no frames arrive once detached). */
  private flushFrame(): void {
    if (this.frame === null) return;
    cancelAnimationFrame(this.frame);
    this.frame = null;
    this.render();
  }

  private isLastAssistant(itemId: string): boolean {
    return [...this.items].reverse().find(isAssistantMessage)?.id === itemId;
  }

  /** Retry for an answer: regenerate from the user message that prompted it. */
  private async retryBefore(assistantItemId: string): Promise<void> {
    const index = this.items.findIndex((item) => item.id === assistantItemId);
    const userItem = this.items.slice(0, index).reverse().find(isUserMessage);
    if (userItem) await this.retryAfter(userItem.id);
  }

  private setError(message: string, retry: (() => void) | null): void {
    this.error = { message, retry };
    this.render();
  }

  /** Maps a thrown error (HTTP or network) to a readable message. */
  private showFailure(error: unknown, retry: (() => void) | null): void {
    const { strings } = this;
    let message = strings.genericError;
    if (error instanceof ChatKitHttpError) {
      if (error.status === 401 || error.status === 403) message = strings.unauthorized;
      else if (error.status === 404) message = strings.threadNotFound;
      else if (error.status === 429) message = strings.rateLimited;
      else if (error.status < 500 && error.message) message = error.message;
    } else if (error instanceof TypeError) {
      message = strings.networkError;
    }
    this.setError(message, retry);
    this.emit('chatkit.error', { error: asError(error) });
  }

  /** Errors, notices and progress belong to one turn; a new turn starts clean. */
  private clearTransient(): void {
    this.error = null;
    this.notices = [];
    this.progress = null;
  }

  private announce(text: string): void {
    this.announcement = text;
    this.render();
  }

  private scrollToEnd(): void {
    if (this.options?.thread?.autoScroll === false) return;
    const scroller = this.query('.scroller');
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
  }

  private submitComposer(): void {
    if (this.running) return;
    const text = this.input.value;
    const files = this.attachmentsOption() ? this.files : null;
    if (!text.trim() && !files?.readyIds().length) return;
    if (files?.uploading) {
      this.setError(files.stillUploadingMessage(), null);
      return;
    }
    this.input.value = '';
    void this.sendUserMessage({ text });
  }

  private get input(): HTMLTextAreaElement {
    return this.query<HTMLTextAreaElement>('textarea')!;
  }

  private query<T extends Element = HTMLElement>(selector: string): T | null {
    return this.shadowRoot?.querySelector<T>(selector) ?? null;
  }

  private emitThreadChange(): void {
    const threadId = this.thread?.id ?? null;
    if (threadId === this.lastEmittedThreadId) return;
    this.lastEmittedThreadId = threadId;
    this.emit('chatkit.thread.change', { threadId });
  }

  private emit(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}

function isClientError(error: unknown): boolean {
  return error instanceof ChatKitHttpError && error.status >= 400 && error.status < 500;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * A constructed stylesheet when the browser has them: unlike a `<style>` element
 * it needs no `'unsafe-inline'` in the page's Content-Security-Policy.
 */
function adoptStyles(shadow: ShadowRoot, doc: Document, css = CHATKIT_STYLES) {
  const Sheet = doc.defaultView?.CSSStyleSheet;
  if (Sheet && 'adoptedStyleSheets' in shadow && 'replaceSync' in Sheet.prototype) {
    const sheet = new Sheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
    return;
  }
  const style = doc.createElement('style');
  style.textContent = css;
  shadow.prepend(style);
}
