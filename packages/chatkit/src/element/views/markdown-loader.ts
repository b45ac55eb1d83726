import { html, type TemplateResult } from 'lit-html';
import type { CodeCopy } from './markdown-view.js';

type MarkdownModule = typeof import('./markdown-view.js');

let loaded: MarkdownModule | null = null;
let loading: Promise<void> | null = null;
const onLoad: (() => void)[] = [];

/**
 * The Markdown view and its parser (micromark + GFM, over half of the
 * element) are a chunk of their own, fetched the first time something shows
 * Markdown or the chat expects to soon: the page does not wait for them, and
 * text shows plain until they arrive.
 */
export function loadMarkdown(): Promise<void> {
  loading ??= import('./markdown-view.js').then((module) => {
    loaded = module;
    whenIdle(() => module.markdownView(WARM_UP));
    for (const then of onLoad.splice(0)) then();
  });
  return loading;
}

/** Calls `then` once the Markdown view has arrived, whoever fetched it (this does not fetch it). */
export function whenMarkdownLoads(then: () => void): void {
  if (!loaded) onLoad.push(then);
}

// Parsed once while the chat waits for the visitor, so the engine compiles
// the parser then, not in the middle of the first streamed answer (the first
// parse of each construct cost 50-65 ms of one task in bench-stream).
const WARM_UP = '# a\n\n**b** *c* `d` [e](https://example.com)\n\n- f\n- [ ] g\n\n| h | i |\n|---|--:|\n| j | 1 |\n\n```ts\nk\n```\n';

const whenIdle = (run: () => void) =>
  typeof requestIdleCallback === 'function' ? requestIdleCallback(run, { timeout: 2000 }) : setTimeout(run, 0);

export function markdownReady(): boolean {
  return loaded !== null;
}

/** Markdown once the view is loaded, plain text before (callers render again: whenMarkdownLoads). */
export function markdown(text: string, copy?: CodeCopy): TemplateResult {
  if (loaded) return loaded.markdownView(text, copy);
  void loadMarkdown();
  return html`<p class="plain">${text}</p>`;
}
