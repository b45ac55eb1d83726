import type { ChatStrings } from './chat-strings.js';
import { h } from './dom.js';
import type { Page, Thread } from '../protocol/protocol.types.js';

export interface HistoryPanelHandlers {
  list(after: string | undefined): Promise<Page<Thread>>;
  open(threadId: string): void;
  rename(threadId: string, title: string): Promise<Thread>;
  remove(threadId: string): Promise<void>;
  close(): void;
  fail(error: unknown): void;
}

/** The thread list: `threads.list` pages, open, inline rename, two-step delete. */
export class HistoryPanel {
  readonly root: HTMLElement;
  private readonly heading: HTMLHeadingElement;
  private readonly closeButton: HTMLButtonElement;
  private readonly list: HTMLUListElement;
  private readonly empty: HTMLParagraphElement;
  private readonly more: HTMLButtonElement;
  private after: string | undefined;
  private currentThreadId: string | null = null;
  private loading: Promise<void> | null = null;
  private dates = dateFormat(undefined);

  constructor(
    private readonly doc: Document,
    private strings: ChatStrings,
    private readonly handlers: HistoryPanelHandlers,
  ) {
    this.heading = h(doc, 'h2', { id: 'ck-history-title' });
    this.closeButton = h(doc, 'button', { type: 'button', class: 'icon close-history' }, '←');
    this.closeButton.addEventListener('click', () => handlers.close());
    this.list = h(doc, 'ul', { class: 'threads', 'aria-labelledby': 'ck-history-title' });
    this.empty = h(doc, 'p', { class: 'empty', hidden: true });
    this.more = h(doc, 'button', { type: 'button', class: 'load-more', hidden: true });
    this.more.addEventListener('click', () => void this.loadPage());
    this.root = h(
      doc,
      'section',
      { class: 'history', hidden: true, 'aria-labelledby': 'ck-history-title' },
      h(doc, 'div', { class: 'history-head' }, this.closeButton, this.heading),
      this.list,
      this.empty,
      this.more,
    );
    this.root.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') handlers.close();
    });
    this.setStrings(strings);
  }

  get isOpen(): boolean {
    return !this.root.hidden;
  }

  setStrings(strings: ChatStrings, locale?: string): void {
    this.strings = strings;
    this.dates = dateFormat(locale);
    this.heading.textContent = strings.historyTitle;
    this.closeButton.setAttribute('aria-label', strings.closeHistory);
    this.empty.textContent = strings.historyEmpty;
    this.more.textContent = strings.loadMore;
  }

  /** Opens the panel with a fresh first page; resolves when it is rendered. */
  async show(currentThreadId: string | null): Promise<void> {
    this.currentThreadId = currentThreadId;
    this.root.hidden = false;
    this.list.replaceChildren();
    this.after = undefined;
    this.root.setAttribute('aria-busy', 'true');
    await this.loadPage();
    this.closeButton.focus();
  }

  hide(): void {
    this.root.hidden = true;
  }

  /** Keeps a listed title in sync after `thread.updated`. */
  updateThread(thread: Thread): void {
    const row = this.row(thread.id);
    if (row) row.replaceWith(this.renderRow(thread));
  }

  private row(threadId: string): HTMLLIElement | null {
    for (const li of Array.from(this.list.children)) {
      if (li.getAttribute('data-thread-id') === threadId) return li as HTMLLIElement;
    }
    return null;
  }

  private loadPage(): Promise<void> {
    if (this.loading) return this.loading;
    this.loading = (async () => {
      try {
        const page = await this.handlers.list(this.after);
        for (const thread of page.data) this.list.appendChild(this.renderRow(thread));
        this.after = page.has_more ? (page.after ?? page.data.at(-1)?.id) : undefined;
        this.more.hidden = this.after === undefined;
      } catch (error) {
        this.handlers.fail(error);
      } finally {
        this.loading = null;
        this.root.removeAttribute('aria-busy');
        this.empty.hidden = this.list.children.length > 0;
      }
    })();
    return this.loading;
  }

  private renderRow(thread: Thread): HTMLLIElement {
    const { doc, strings } = this;
    const title = thread.title?.trim() || strings.untitledThread;
    const open = h(doc, 'button', { type: 'button', class: 'open' }, title);
    open.addEventListener('click', () => this.handlers.open(thread.id));
    const rename = h(doc, 'button', { type: 'button', class: 'icon rename', 'aria-label': `${strings.rename}: ${title}`, title: strings.rename }, '✎');
    rename.addEventListener('click', () => this.startRename(li, thread));
    const remove = h(doc, 'button', { type: 'button', class: 'icon delete', 'aria-label': `${strings.delete}: ${title}`, title: strings.delete }, '×');
    remove.addEventListener('click', () => void this.onDelete(li, remove, thread, title));
    remove.addEventListener('blur', () => {
      // Leaving the armed button disarms it, so a later stray click can't delete.
      remove.removeAttribute('data-armed');
      remove.setAttribute('aria-label', `${strings.delete}: ${title}`);
      remove.textContent = '×';
    });
    const created = new Date(thread.created_at);
    const when = Number.isNaN(created.getTime())
      ? null
      : h(doc, 'time', { class: 'when', datetime: thread.created_at }, this.dates.format(created));
    const li = h(
      doc,
      'li',
      { 'data-thread-id': thread.id, 'aria-current': thread.id === this.currentThreadId ? 'true' : undefined },
      open,
      when,
      rename,
      remove,
    );
    return li;
  }

  private async onDelete(li: HTMLLIElement, button: HTMLButtonElement, thread: Thread, title: string): Promise<void> {
    // Two steps: the first click arms the button, the second deletes.
    if (!button.hasAttribute('data-armed')) {
      button.setAttribute('data-armed', '');
      button.setAttribute('aria-label', `${this.strings.confirmDelete}: ${title}`);
      button.textContent = this.strings.confirmDelete;
      return;
    }
    button.disabled = true;
    try {
      await this.handlers.remove(thread.id);
      li.remove();
      this.empty.hidden = this.list.children.length > 0;
    } catch (error) {
      button.disabled = false;
      this.handlers.fail(error);
    }
  }

  private startRename(li: HTMLLIElement, thread: Thread): void {
    const { doc, strings } = this;
    const input = h(doc, 'input', { type: 'text', 'aria-label': strings.renameLabel, maxlength: '200' });
    input.value = thread.title ?? '';
    const save = h(doc, 'button', { type: 'submit' }, strings.save);
    const cancel = h(doc, 'button', { type: 'button' }, strings.cancel);
    const form = h(doc, 'form', {}, input, save, cancel);
    const restore = (next: Thread) => {
      const row = this.renderRow(next);
      li.replaceWith(row);
      row.querySelector<HTMLButtonElement>('.open')?.focus();
    };
    cancel.addEventListener('click', () => restore(thread));
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        restore(thread);
      }
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const title = input.value.trim();
      if (!title || title === thread.title) return restore(thread);
      save.disabled = true;
      this.handlers.rename(thread.id, title).then(
        (updated) => restore({ ...thread, ...updated, title: updated.title ?? title }),
        (error: unknown) => {
          save.disabled = false;
          this.handlers.fail(error);
        },
      );
    });
    li.replaceChildren(form);
    input.focus();
    input.select();
  }
}

/** Dates in the chat's language; an unknown locale tag falls back to the browser's. */
function dateFormat(locale: string | undefined): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  } catch {
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
  }
}
