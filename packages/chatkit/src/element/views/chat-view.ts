import { html, nothing, type TemplateResult } from 'lit-html';
import { cssVars } from './css-vars.js';
import type { ChatStrings } from '../chat-strings.js';
import { markdown } from './markdown-loader.js';
import { type Notice, noticeView } from './notice-view.js';

/** Everything the chat's frame shows; items arrive already rendered by their own views. */
export interface ChatViewModel {
  strings: ChatStrings;
  colorScheme: 'light' | 'dark';
  themeVars: Record<string, string>;
  lang?: string;
  dir: 'ltr' | 'rtl';
  header: { shown: boolean; titleShown: boolean; title: string; historyButton: boolean; historyOpen: boolean };
  start: { shown: boolean; greeting: string; prompts: { label: string; onClick(): void }[] };
  /** The transcript, each item already rendered by its own view. */
  entries: TemplateResult[];
  busy: boolean;
  progress: string | null;
  notices: Notice[];
  error: { message: string; retry: boolean } | null;
  composer: {
    placeholder: string;
    /** Why the thread takes no more messages, when it is locked or closed. */
    lockedReason: string | null;
    running: boolean;
    allowCancel: boolean;
    /** Null when the composer takes no files (`composer.attachments.enabled` is not true). */
    attachments: {
      /** The attach button and its hidden file input (attach-button-view). */
      button: TemplateResult;
      /** The files of the message being written (attachment-tray-view). */
      tray: TemplateResult | typeof nothing;
      /** A file is being dragged over the chat. */
      dropping: boolean;
    } | null;
  };
  disclaimer: string | null;
  announcement: string;
  historyPanel: HTMLElement | null;
  on: {
    toggleHistory(): void;
    newChat(): void;
    retryError(): void;
    submit(event: Event): void;
    keydown(event: KeyboardEvent): void;
    stop(): void;
    paste(event: ClipboardEvent): void;
    drag(event: DragEvent): void;
  };
}

export function chatView(m: ChatViewModel): TemplateResult {
  const { strings, on } = m;
  const drop = m.composer.attachments ? on.drag : nothing;
  return html`<div class="root" data-color-scheme=${m.colorScheme} lang=${m.lang ?? nothing} dir=${m.dir} style=${cssVars(m.themeVars)} @dragenter=${drop} @dragover=${drop} @dragleave=${drop} @drop=${drop}>
    ${headerView(m)}
    <div class="body">
      <div class="scroller">
        <div class="start" ?hidden=${!m.start.shown}>
          <p class="greeting">${m.start.greeting}</p>
          <ul class="prompts" aria-label=${strings.suggestedPrompts}>${m.start.prompts.map(
            (prompt) => html`<li><button type="button" class="prompt" ?disabled=${m.composer.running} @click=${prompt.onClick}>${prompt.label}</button></li>`,
          )}</ul>
        </div>
        <div class="log" role="log" aria-live="polite" aria-relevant="additions text" aria-label=${strings.messagesLabel} aria-busy=${m.busy ? 'true' : nothing}><ol class="messages">${m.entries}</ol></div>
        <div class="progress" role="status" ?hidden=${m.progress === null}>${m.progress ?? ''}</div>
        <div class="notices">${m.notices.map(noticeView)}</div>
      </div>
      <div class="error" role="alert" ?hidden=${m.error === null}><p>${m.error?.message ?? ''}</p><button type="button" class="error-retry" ?hidden=${!m.error?.retry} @click=${on.retryError}>${strings.retry}</button></div>
      ${m.historyPanel}
    </div>
    ${composerView(m)}
    ${m.disclaimer ? html`<div class="disclaimer">${markdown(m.disclaimer)}</div>` : nothing}
    <div class="sr-only" role="status" aria-live="polite">${m.announcement}</div>
  </div>`;
}

function headerView(m: ChatViewModel): TemplateResult {
  const { strings, header, on } = m;
  return html`<header ?hidden=${!header.shown}>
    <button type="button" class="icon open-history" ?hidden=${!header.historyButton} aria-label=${strings.openHistory} aria-expanded=${String(header.historyOpen)} @click=${on.toggleHistory}>☰</button>
    <h2 class="title" id="ck-title" ?hidden=${!header.titleShown}>${header.title}</h2>
    <button type="button" class="icon new-chat" aria-label=${strings.newChat} title=${strings.newChat} @click=${on.newChat}>+</button>
  </header>`;
}

function composerView(m: ChatViewModel): TemplateResult {
  const { strings, composer, on } = m;
  const disabled = composer.running || composer.lockedReason !== null;
  const files = composer.attachments;
  return html`${composer.lockedReason !== null ? html`<p class="locked" role="status">${composer.lockedReason}</p>` : nothing}
    ${files ? files.tray : nothing}
    <form class="composer" @submit=${on.submit}>
      ${files ? files.button : nothing}
      <textarea rows="1" class="input" aria-label=${strings.composerLabel} placeholder=${composer.lockedReason ?? composer.placeholder} ?disabled=${disabled} @keydown=${on.keydown} @paste=${files ? on.paste : nothing}></textarea>
      <button type="submit" class="icon send" aria-label=${strings.send} title=${strings.send} ?disabled=${disabled} ?hidden=${composer.running && composer.allowCancel}>↑</button>
      <button type="button" class="icon stop" aria-label=${strings.stop} title=${strings.stop} ?hidden=${!composer.running || !composer.allowCancel} @click=${on.stop}>■</button>
    </form>
    ${files?.dropping ? html`<div class="drop-hint" aria-hidden="true">${strings.attach}</div>` : nothing}`;
}
