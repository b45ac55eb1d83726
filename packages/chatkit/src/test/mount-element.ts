import type { BuiltinChatKitElement, BuiltinChatKitOptions } from '../element/builtin-chatkit-element.js';
import { registerBuiltinChatKit } from '../element/register-builtin-chatkit.js';
import type { FakeChatKitApi } from './fake-chatkit-api.js';

export type ElementOptions = Omit<BuiltinChatKitOptions, 'api'>;

/** Mounts a fresh built-in element wired to the fake API, recording its chatkit.* events. */
export function mountElement(api: FakeChatKitApi, options: ElementOptions = {}) {
  registerBuiltinChatKit();
  const el = document.createElement('openai-chatkit') as unknown as BuiltinChatKitElement;
  const events: { name: string; detail: unknown }[] = [];
  for (const name of [
    'chatkit.ready', 'chatkit.error', 'chatkit.effect', 'chatkit.response.start', 'chatkit.response.end',
    'chatkit.thread.change', 'chatkit.thread.load.start', 'chatkit.thread.load.end', 'chatkit.log',
    'chatkit.history.open', 'chatkit.history.close',
  ]) {
    el.addEventListener(name, (event) => events.push({ name, detail: (event as CustomEvent).detail }));
  }
  document.body.appendChild(el);
  el.setOptions({ api: { url: '/api/chatkit', fetch: api.fetch as unknown as typeof fetch, domainKey: 'test' }, ...options });
  const root = el.shadowRoot!;
  const $ = <T extends Element = HTMLElement>(selector: string) => root.querySelector(selector) as T | null;
  const $$ = <T extends Element = HTMLElement>(selector: string) => Array.from(root.querySelectorAll(selector)) as T[];
  const input = () => $<HTMLTextAreaElement>('textarea')!;
  const type = (text: string) => {
    input().value = text;
    input().dispatchEvent(new Event('input', { bubbles: true }));
  };
  const press = (key: string, init: KeyboardEventInit = {}) =>
    input().dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
  const eventsNamed = (name: string) => events.filter((event) => event.name === name).map((event) => event.detail);
  return { el, root, $, $$, input, type, press, events, eventsNamed };
}

export function cleanupElements(): void {
  document.body.replaceChildren();
}
