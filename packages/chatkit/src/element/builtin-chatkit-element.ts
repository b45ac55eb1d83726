import type { ChatKitOptions, UserMessageContent } from '@openai/chatkit-react';
import { ChatKitClient, ChatKitHttpError } from '../protocol/chatkit-client.js';
import type {
  AssistantMessageItem,
  JsonOp,
  Page,
  StreamingOp,
  Thread,
  ThreadItem,
  ThreadStreamEvent,
  UserMessageInput,
} from '../protocol/protocol.types.js';
import { type ChatStrings, DEFAULT_STRINGS, resolveStrings } from './chat-strings.js';
import { CHATKIT_STYLES } from './chatkit-styles.js';
import { h } from './dom.js';
import { HistoryPanel } from './history-panel.js';
import {
  applyAssistantUpdate,
  type FeedbackKind,
  isAssistantMessage,
  isUserMessage,
  renderAssistantMessage,
  renderUserMessage,
  userText,
} from './message-view.js';
import { resolveTheme } from './theme.js';

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

// Lets the module load where there is no DOM (SSR, node tests of other parts).
const ElementBase: typeof HTMLElement =
  typeof HTMLElement === 'undefined' ? (class {} as unknown as typeof HTMLElement) : HTMLElement;

/**
 * Our own implementation of the `<openai-chatkit>` element, written from the
 * protocol description (chatkit-protocol.md). `@openai/chatkit-react` drives it
 * exactly as it drives the hosted one: `setOptions()`, the imperative methods,
 * and `chatkit.*` DOM events.
 */
export class BuiltinChatKitElement extends ElementBase {
  /** Lets the loader tell our element from OpenAI's once either is defined. */
  static readonly isBuiltinChatKit = true;

  private options: BuiltinChatKitOptions | null = null;
  private client: ChatKitClient | null = null;
  private strings: ChatStrings = DEFAULT_STRINGS;
  private thread: Thread | null = null;
  private items: ThreadItem[] = [];
  /** Assistant items still receiving deltas: no action buttons on them yet. */
  private streamingItems = new Set<string>();
  /** Items changed by deltas since the last frame: rendered at most once per frame. */
  private dirtyItems = new Set<string>();
  private frame: number | null = null;
  private feedback = new Map<string, FeedbackKind>();
  private running: AbortController | null = null;
  private allowCancel = true;
  private readySent = false;
  private lastEmittedThreadId: string | null = null;
  /** Bumped on every thread switch so a late answer for an old thread is dropped. */
  private threadEpoch = 0;

  private readonly ui: {
    root: HTMLDivElement;
    header: HTMLElement;
    title: HTMLHeadingElement;
    historyButton: HTMLButtonElement;
    newChatButton: HTMLButtonElement;
    scroller: HTMLDivElement;
    start: HTMLDivElement;
    greeting: HTMLParagraphElement;
    prompts: HTMLUListElement;
    messages: HTMLOListElement;
    progress: HTMLDivElement;
    notices: HTMLDivElement;
    error: HTMLDivElement;
    errorText: HTMLParagraphElement;
    errorRetry: HTMLButtonElement;
    composer: HTMLFormElement;
    input: HTMLTextAreaElement;
    send: HTMLButtonElement;
    stop: HTMLButtonElement;
    announcer: HTMLDivElement;
  };
  private readonly history: HistoryPanel;
  private retryAction: (() => void) | null = null;

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: 'open' });
    const doc = this.ownerDocument;

    const title = h(doc, 'h2', { class: 'title', id: 'ck-title' });
    const historyButton = h(doc, 'button', { type: 'button', class: 'icon open-history' }, '☰');
    const newChatButton = h(doc, 'button', { type: 'button', class: 'icon new-chat' }, '+');
    const header = h(doc, 'header', {}, historyButton, title, newChatButton);

    const greeting = h(doc, 'p', { class: 'greeting' });
    const prompts = h(doc, 'ul', { class: 'prompts' });
    const start = h(doc, 'div', { class: 'start' }, greeting, prompts);
    // role=log is an implicit polite live region: streamed text is announced,
    // and aria-busy holds the announcement until the answer is complete.
    const messages = h(doc, 'ol', {
      class: 'messages',
      role: 'log',
      'aria-live': 'polite',
      'aria-relevant': 'additions text',
    });
    const progress = h(doc, 'div', { class: 'progress', role: 'status', hidden: true });
    const notices = h(doc, 'div', { class: 'notices' });
    const scroller = h(doc, 'div', { class: 'scroller' }, start, messages, progress, notices);
    const errorText = h(doc, 'p', {});
    const errorRetry = h(doc, 'button', { type: 'button', class: 'error-retry' });
    const error = h(doc, 'div', { class: 'error', role: 'alert', hidden: true }, errorText, errorRetry);

    const input = h(doc, 'textarea', { rows: '1', class: 'input' });
    const send = h(doc, 'button', { type: 'submit', class: 'icon send' }, '↑');
    const stop = h(doc, 'button', { type: 'button', class: 'icon stop', hidden: true }, '■');
    const composer = h(doc, 'form', { class: 'composer' }, input, send, stop);
    const announcer = h(doc, 'div', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });

    this.history = new HistoryPanel(doc, this.strings, {
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

    const body = h(doc, 'div', { class: 'body' }, scroller, error, this.history.root);
    const root = h(doc, 'div', { class: 'root' }, header, body, composer, announcer);
    adoptStyles(shadow, doc);
    shadow.append(root);

    this.ui = {
      root,
      header,
      title,
      historyButton,
      newChatButton,
      scroller,
      start,
      greeting,
      prompts,
      messages,
      progress,
      notices,
      error,
      errorText,
      errorRetry,
      composer,
      input,
      send,
      stop,
      announcer,
    };

    historyButton.addEventListener('click', () => void (this.history.isOpen ? this.hideHistory() : this.showHistory()));
    newChatButton.addEventListener('click', () => void this.setThreadId(null));
    errorRetry.addEventListener('click', () => this.retryAction?.());
    composer.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submitComposer();
    });
    input.addEventListener('keydown', (event) => {
      // Enter sends, Shift+Enter is a newline; never send mid-IME composition.
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submitComposer();
      }
    });
    stop.addEventListener('click', () => this.running?.abort());
    this.renderChrome();
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
    this.strings = resolveStrings(options.strings);
    this.history.setStrings(this.strings);
    this.renderChrome();
    this.renderAllItems();
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
    this.ui.input.focus();
  }

  async setThreadId(threadId: string | null): Promise<void> {
    if (threadId === null) {
      this.running?.abort();
      this.threadEpoch += 1;
      this.thread = null;
      this.items = [];
      this.feedback.clear();
      this.clearTransient();
      this.renderChrome();
      this.renderAllItems();
      this.emitThreadChange();
      return;
    }
    await this.loadThread(threadId);
  }

  async sendUserMessage(params: SendUserMessageParams): Promise<void> {
    const content: UserMessageContent[] = params.content ?? [{ type: 'input_text', text: params.text ?? '' }];
    const text = content.map((part) => part.text).join('');
    if (!text.trim() || this.running) return;
    const input: UserMessageInput = {
      content: content as UserMessageInput['content'],
      attachments: [],
      inference_options: {
        ...(params.toolChoice ? { tool_choice: params.toolChoice } : {}),
        ...(params.model ? { model: params.model } : {}),
      },
    };
    if (params.newThread && this.thread) await this.setThreadId(null);
    const pending = renderUserMessage(this.ownerDocument, text, this.strings);
    this.ui.messages.appendChild(pending);
    this.updateStartScreen();
    this.scrollToEnd();
    const thread = this.thread;
    const ok = thread
      ? await this.runStream('threads.add_user_message', { thread_id: thread.id, input }, pending)
      : await this.runStream('threads.create', { input }, pending);
    if (!ok && pending.isConnected) {
      // Nothing was stored: take the bubble away and give the text back.
      pending.remove();
      if (!this.ui.input.value) this.ui.input.value = text;
      this.updateStartScreen();
    }
  }

  async setComposerValue(params: { text?: string; content?: UserMessageContent[] }): Promise<void> {
    const text = params.text ?? params.content?.map((part) => part.text).join('') ?? '';
    this.ui.input.value = text;
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

  async showHistory(): Promise<void> {
    if (!this.historyEnabled() || this.history.isOpen) return;
    this.ui.historyButton.setAttribute('aria-expanded', 'true');
    this.emit('chatkit.history.open', undefined);
    await this.history.show(this.thread?.id ?? null);
  }

  async hideHistory(): Promise<void> {
    if (!this.history.isOpen) return;
    this.history.hide();
    this.ui.historyButton.setAttribute('aria-expanded', 'false');
    this.emit('chatkit.history.close', undefined);
    this.ui.historyButton.focus();
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
  private async runStream(op: StreamingOp, params: Record<string, unknown>, pending?: HTMLElement): Promise<boolean> {
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
        this.handleEvent(event, pending);
      }
      return true;
    } catch (error) {
      if (controller.signal.aborted) {
        this.announce(this.strings.responseStopped);
        return accepted;
      }
      const retry = accepted || isClientError(error) ? null : () => void this.retryStream(op, params);
      // A rejected first message leaves no thread; retrying means sending it again.
      this.showFailure(error, op === 'threads.create' || op === 'threads.add_user_message' ? null : retry);
      return accepted;
    } finally {
      this.running = null;
      this.streamingItems.clear();
      this.ui.progress.hidden = true;
      this.setBusy(false);
      this.renderAllItems();
      this.emit('chatkit.response.end', undefined);
    }
  }

  private async retryStream(op: StreamingOp, params: Record<string, unknown>): Promise<void> {
    await this.runStream(op, params);
  }

  private handleEvent(event: ThreadStreamEvent, pending?: HTMLElement): void {
    switch (event.type) {
      case 'thread.created':
        this.thread = { ...event.thread, items: undefined };
        this.renderChrome();
        this.emitThreadChange();
        break;
      case 'thread.updated':
        if (!this.thread || event.thread.id === this.thread.id) {
          this.thread = { ...this.thread, ...event.thread, items: undefined };
          this.renderChrome();
        }
        this.history.updateThread(event.thread);
        break;
      case 'thread.item.added':
        if (isAssistantMessage(event.item)) this.streamingItems.add(event.item.id);
        this.ui.progress.hidden = true;
        this.upsertItem(event.item);
        break;
      case 'thread.item.done':
      case 'thread.item.replaced':
        if (isUserMessage(event.item)) pending?.remove();
        this.streamingItems.delete(event.item.id);
        this.upsertItem(event.item);
        if (isAssistantMessage(event.item)) this.announce('');
        break;
      case 'thread.item.updated': {
        const item = this.items.find((candidate) => candidate.id === event.item_id);
        if (item && isAssistantMessage(item) && applyAssistantUpdate(item, event.update))
          this.renderOnNextFrame(item.id);
        break;
      }
      case 'thread.item.removed':
        this.items = this.items.filter((item) => item.id !== event.item_id);
        this.itemNode(event.item_id)?.remove();
        break;
      case 'stream_options':
        this.allowCancel = event.stream_options.allow_cancel !== false;
        this.syncComposer();
        break;
      case 'progress_update':
        this.ui.progress.textContent = event.text;
        this.ui.progress.hidden = false;
        break;
      case 'client_effect':
        this.emit('chatkit.effect', { name: event.name, data: event.data });
        break;
      case 'error':
        this.showError(
          event.code === 'custom' || event.message
            ? (event.message ?? this.strings.genericError)
            : this.strings.genericError,
          event.allow_retry ? () => void this.retryLastUserMessage() : null,
        );
        this.emit('chatkit.error', { error: new Error(event.message ?? event.code) });
        break;
      case 'notice':
        this.showNotice(event.level, event.message, event.title);
        break;
      default:
        // Widgets, client tools, workflows...: not rendered by this element.
        this.emit('chatkit.log', { name: 'unhandled_event', data: { type: (event as { type: string }).type } });
    }
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
    this.renderAllItems();
    await this.runStream('threads.retry_after_item', { thread_id: this.thread.id, item_id: userItemId });
  }

  private async loadThread(threadId: string, { quiet = false } = {}): Promise<void> {
    if (!this.client) return;
    this.running?.abort();
    const epoch = ++this.threadEpoch;
    if (!quiet) {
      this.clearTransient();
      this.emit('chatkit.thread.load.start', { threadId });
      this.ui.messages.setAttribute('aria-busy', 'true');
      this.announce(this.strings.loading);
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
      if (!quiet) this.feedback.clear();
      this.renderChrome();
      this.renderAllItems();
      this.emitThreadChange();
      this.scrollToEnd();
    } catch (error) {
      if (epoch !== this.threadEpoch) return;
      if (error instanceof ChatKitHttpError && error.status === 404) {
        // Deleted, or not this visitor's: start fresh rather than show a dead thread.
        await this.setThreadId(null);
        this.showError(this.strings.threadNotFound, null);
      } else {
        this.showFailure(error, () => void this.loadThread(threadId));
      }
      this.emit('chatkit.error', { error: asError(error) });
    } finally {
      if (!quiet && epoch === this.threadEpoch) {
        this.ui.messages.removeAttribute('aria-busy');
        this.announce('');
      }
      if (!quiet) this.emit('chatkit.thread.load.end', { threadId });
    }
  }

  private async renameThread(threadId: string, title: string): Promise<Thread> {
    const updated = await this.call<Thread>('threads.update', { thread_id: threadId, title });
    if (this.thread?.id === threadId) {
      this.thread = { ...this.thread, title: updated.title ?? title };
      this.renderChrome();
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
    this.rerenderItem(itemId);
    try {
      await this.call<unknown>('items.feedback', { thread_id: this.thread.id, item_ids: [itemId], kind });
      this.announce(this.strings.feedbackThanks);
    } catch (error) {
      this.feedback.delete(itemId);
      this.rerenderItem(itemId);
      this.showFailure(error, null);
    }
  }

  // ---- Rendering ----------------------------------------------------------------

  private renderChrome(): void {
    const options = this.options;
    const strings = this.strings;
    const { ui } = this;
    const theme = resolveTheme(options?.theme);
    ui.root.setAttribute('data-color-scheme', theme.colorScheme);
    for (const [name, value] of Object.entries(theme.vars)) ui.root.style.setProperty(name, value);
    if (!theme.vars['--ck-accent']) ui.root.style.removeProperty('--ck-accent');
    if (typeof options?.locale === 'string') ui.root.setAttribute('lang', options.locale);
    else ui.root.removeAttribute('lang');

    const header = options?.header;
    ui.header.hidden = header?.enabled === false;
    ui.title.hidden = header?.title?.enabled === false;
    ui.title.textContent = header?.title?.text ?? this.thread?.title ?? '';
    ui.historyButton.hidden = !this.historyEnabled();
    ui.historyButton.setAttribute('aria-label', strings.openHistory);
    ui.historyButton.setAttribute('aria-expanded', String(this.history.isOpen));
    ui.newChatButton.setAttribute('aria-label', strings.newChat);
    ui.newChatButton.title = strings.newChat;

    ui.greeting.textContent = options?.startScreen?.greeting ?? strings.greeting;
    ui.prompts.setAttribute('aria-label', strings.suggestedPrompts);
    ui.prompts.replaceChildren();
    for (const prompt of options?.startScreen?.prompts ?? []) {
      const button = h(this.ownerDocument, 'button', { type: 'button', class: 'prompt' }, prompt.label);
      button.addEventListener('click', () => {
        const params = typeof prompt.prompt === 'string' ? { text: prompt.prompt } : { content: prompt.prompt };
        void this.sendUserMessage(params);
      });
      ui.prompts.appendChild(h(this.ownerDocument, 'li', {}, button));
    }

    ui.messages.setAttribute('aria-label', strings.messagesLabel);
    const placeholder = options?.composer?.placeholder ?? strings.composerPlaceholder;
    const locked = this.thread?.status && this.thread.status.type !== 'active';
    ui.input.placeholder = locked
      ? (this.thread?.status as { reason?: string }).reason || strings.threadLocked
      : placeholder;
    ui.input.setAttribute('aria-label', strings.composerLabel);
    ui.send.setAttribute('aria-label', strings.send);
    ui.send.title = strings.send;
    ui.stop.setAttribute('aria-label', strings.stop);
    ui.stop.title = strings.stop;
    ui.errorRetry.textContent = strings.retry;
    this.syncComposer();
    this.updateStartScreen();
  }

  private historyEnabled(): boolean {
    return this.options?.history?.enabled !== false;
  }

  /** Start or end of a turn: moves focus sensibly and tells screen readers. */
  private setBusy(busy: boolean): void {
    const active = this.shadowRoot?.activeElement ?? null;
    this.syncComposer();
    if (busy) {
      this.ui.messages.setAttribute('aria-busy', 'true');
      this.announce(this.strings.responding);
      // The input is disabled while streaming; keep keyboard users on the stop button.
      if (active === this.ui.input && !this.ui.stop.hidden) this.ui.stop.focus();
    } else {
      this.ui.messages.removeAttribute('aria-busy');
      if (active === this.ui.stop || active === this.ui.input) this.ui.input.focus();
    }
  }

  /** Composer state: disabled while streaming or when the thread is locked/closed. */
  private syncComposer(): void {
    const busy = this.running !== null;
    const locked = Boolean(this.thread?.status && this.thread.status.type !== 'active');
    this.ui.input.disabled = busy || locked;
    this.ui.send.disabled = busy || locked;
    this.ui.send.hidden = busy && this.allowCancel;
    this.ui.stop.hidden = !busy || !this.allowCancel;
    this.ui.prompts.querySelectorAll('button').forEach((button) => (button.disabled = busy));
  }

  private updateStartScreen(): void {
    const empty = this.items.length === 0 && this.ui.messages.children.length === 0 && this.thread === null;
    this.ui.start.hidden = !empty;
  }

  private upsertItem(item: ThreadItem): void {
    const index = this.items.findIndex((candidate) => candidate.id === item.id);
    // Copy so later deltas never mutate the server's event object.
    const copy = isAssistantMessage(item) ? { ...item, content: item.content.map((part) => ({ ...part })) } : item;
    if (index === -1) this.items.push(copy);
    else this.items[index] = copy;
    this.renderItem(copy);
    this.updateStartScreen();
  }

  private renderAllItems(): void {
    const pending = Array.from(this.ui.messages.querySelectorAll('.pending'));
    this.ui.messages.replaceChildren();
    for (const item of this.items) {
      const node = this.createItemNode(item);
      if (node) this.ui.messages.appendChild(node);
    }
    this.ui.messages.append(...pending);
    this.updateStartScreen();
  }

  private rerenderItem(itemId: string): void {
    const item = this.items.find((candidate) => candidate.id === itemId);
    if (item) this.renderItem(item);
  }

  /**
   * A long answer streams as thousands of deltas, and each render re-parses
   * the whole text: coalescing them into one render per animation frame keeps
   * the tab responsive. `thread.item.done` renders the final text at once.
   */
  private renderOnNextFrame(itemId: string): void {
    this.dirtyItems.add(itemId);
    if (this.frame !== null) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      const ids = [...this.dirtyItems];
      this.dirtyItems.clear();
      for (const id of ids) this.rerenderItem(id);
    });
  }

  /** Renders now what the pending frame would have (no frames arrive once detached). */
  private flushFrame(): void {
    if (this.frame === null) return;
    cancelAnimationFrame(this.frame);
    this.frame = null;
    const ids = [...this.dirtyItems];
    this.dirtyItems.clear();
    for (const id of ids) this.rerenderItem(id);
  }

  private renderItem(item: ThreadItem): void {
    // This render is up to date; a frame scheduled for the item has nothing left to do.
    this.dirtyItems.delete(item.id);
    const node = this.createItemNode(item);
    const existing = this.itemNode(item.id);
    if (existing && node) existing.replaceWith(node);
    else if (existing) existing.remove();
    else if (node) {
      const pending = this.ui.messages.querySelector('.pending');
      // Keep an unconfirmed user bubble after the confirmed items.
      if (pending && !isUserMessage(item)) this.ui.messages.appendChild(node);
      else if (pending) this.ui.messages.insertBefore(node, pending);
      else this.ui.messages.appendChild(node);
    }
  }

  private itemNode(itemId: string): Element | null {
    for (const child of Array.from(this.ui.messages.children)) {
      if (child.getAttribute('data-item-id') === itemId) return child;
    }
    return null;
  }

  private createItemNode(item: ThreadItem): HTMLElement | null {
    const doc = this.ownerDocument;
    if (isUserMessage(item)) return renderUserMessage(doc, userText(item), this.strings, item.id);
    if (!isAssistantMessage(item)) return null;
    const actions = this.options?.threadItemActions;
    return renderAssistantMessage(doc, item as AssistantMessageItem, this.strings, {
      done: !this.streamingItems.has(item.id) && this.thread !== null,
      feedback: actions?.feedback === true,
      retry: actions?.retry === true && this.isLastAssistant(item.id) && this.running === null,
      given: this.feedback.get(item.id),
      onFeedback: (kind) => void this.sendFeedback(item.id, kind),
      onRetry: () => void this.retryBefore(item.id),
    });
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

  private showError(message: string, retry: (() => void) | null): void {
    this.retryAction = retry;
    this.ui.errorText.textContent = message;
    this.ui.errorRetry.hidden = retry === null;
    this.ui.error.hidden = false;
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
    this.showError(message, retry);
    this.emit('chatkit.error', { error: asError(error) });
  }

  private showNotice(level: 'info' | 'warning' | 'danger', message: string, title?: string): void {
    const doc = this.ownerDocument;
    const notice = h(
      doc,
      'div',
      { class: 'notice', 'data-level': level, role: level === 'danger' ? 'alert' : 'status' },
      title ? h(doc, 'strong', {}, title) : null,
      message,
    );
    this.ui.notices.appendChild(notice);
  }

  /** Errors, notices and progress belong to one turn; a new turn starts clean. */
  private clearTransient(): void {
    this.ui.error.hidden = true;
    this.retryAction = null;
    this.ui.notices.replaceChildren();
    this.ui.progress.hidden = true;
  }

  private announce(text: string): void {
    this.ui.announcer.textContent = text;
  }

  private scrollToEnd(): void {
    if (this.options?.thread?.autoScroll === false) return;
    const { scroller } = this.ui;
    scroller.scrollTop = scroller.scrollHeight;
  }

  private submitComposer(): void {
    if (this.running) return;
    const text = this.ui.input.value;
    if (!text.trim()) return;
    this.ui.input.value = '';
    void this.sendUserMessage({ text });
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
function adoptStyles(shadow: ShadowRoot, doc: Document) {
  const Sheet = doc.defaultView?.CSSStyleSheet;
  if (Sheet && 'adoptedStyleSheets' in shadow && 'replaceSync' in Sheet.prototype) {
    const sheet = new Sheet();
    sheet.replaceSync(CHATKIT_STYLES);
    shadow.adoptedStyleSheets = [sheet];
    return;
  }
  const style = doc.createElement('style');
  style.textContent = CHATKIT_STYLES;
  shadow.append(style);
}
