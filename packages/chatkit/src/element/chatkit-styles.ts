/**
 * The element's stylesheet, scoped by its shadow root. System fonts and inline
 * glyphs only: no @import, no url(), so the element never fetches assets.
 */
export const CHATKIT_STYLES = `
:host { display: block; height: 100%; min-height: 320px; contain: content; }
.root {
  --ck-accent-default: #2563eb; --ck-on-accent-default: #ffffff; --ck-bg-default: #ffffff; --ck-fg-default: #111827;
  --ck-muted: #6b7280; --ck-border: #e5e7eb; --ck-surface: #f3f4f6; --ck-danger: #b91c1c; --ck-warning: #92400e;
  box-sizing: border-box; height: 100%; display: flex; flex-direction: column; position: relative;
  font-family: var(--ck-font); font-size: var(--ck-font-size); line-height: 1.5;
  background: var(--ck-bg, var(--ck-bg-default)); color: var(--ck-fg, var(--ck-fg-default));
  border-radius: var(--ck-radius); overflow: hidden; color-scheme: light;
}
.root[data-color-scheme="dark"] {
  --ck-accent-default: #60a5fa; --ck-on-accent-default: #111827; --ck-bg-default: #111827; --ck-fg-default: #f9fafb;
  --ck-muted: #9ca3af; --ck-border: #374151; --ck-surface: #1f2937; --ck-danger: #fca5a5; --ck-warning: #fcd34d;
  color-scheme: dark;
}
*, *::before, *::after { box-sizing: inherit; }
button { font: inherit; color: inherit; cursor: pointer; border-radius: calc(var(--ck-radius) / 2);
  border: 1px solid var(--ck-border); background: transparent; padding: calc(var(--ck-space) / 2) var(--ck-space); }
button:disabled { cursor: not-allowed; opacity: .5; }
button:focus-visible, textarea:focus-visible, input:focus-visible, a:focus-visible {
  outline: 2px solid var(--ck-accent, var(--ck-accent-default)); outline-offset: 2px; }
.icon { border: none; min-width: 2.25em; min-height: 2.25em; line-height: 1; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
header { display: flex; align-items: center; gap: var(--ck-space); padding: var(--ck-space); border-bottom: 1px solid var(--ck-border); }
header h2 { flex: 1; margin: 0; font-size: 1em; font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.body { flex: 1; min-height: 0; display: flex; flex-direction: column; position: relative; }
.scroller { flex: 1; overflow-y: auto; padding: var(--ck-space); }
.start { text-align: center; padding: calc(var(--ck-space) * 3) var(--ck-space); }
.start p { font-size: 1.25em; font-weight: 600; margin: 0 0 var(--ck-space); }
.prompts { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: calc(var(--ck-space) / 2); justify-content: center; }
.messages { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: var(--ck-space); }
.msg { display: flex; flex-direction: column; max-width: 100%; }
.msg.user { align-items: flex-end; }
.msg .bubble { padding: calc(var(--ck-space) * .75) var(--ck-space); border-radius: var(--ck-radius); overflow-wrap: anywhere; }
.msg.user .bubble { background: var(--ck-surface); white-space: pre-wrap; max-width: 85%; }
.msg.pending .bubble { opacity: .7; }
.bubble p { margin: 0 0 .5em; } .bubble p:last-child { margin-bottom: 0; }
.bubble pre { direction: ltr; text-align: left; background: var(--ck-surface); padding: var(--ck-space); border-radius: calc(var(--ck-radius) / 2); overflow-x: auto; }
.bubble code { font-family: var(--ck-font-mono); font-size: .92em; }
.bubble a { color: var(--ck-accent, var(--ck-accent-default)); }
.bubble p.plain { white-space: pre-wrap; }
.bubble h3, .bubble h4, .bubble h5, .bubble h6 { margin: .75em 0 .25em; font-size: 1em; }
.bubble ul, .bubble ol { margin: 0 0 .5em; padding-inline-start: 1.5em; }
.bubble li.task { list-style: none; margin-inline-start: -1.25em; }
.bubble li.task input { margin-inline-end: .4em; }
.bubble blockquote { margin: 0 0 .5em; padding-inline-start: var(--ck-space); border-inline-start: 3px solid var(--ck-border); color: var(--ck-muted); }
.table-wrap { overflow-x: auto; margin: 0 0 .5em; }
.bubble table { border-collapse: collapse; font-size: .95em; }
.bubble th, .bubble td { border: 1px solid var(--ck-border); padding: 4px 8px; text-align: start; vertical-align: top; }
.bubble th { background: var(--ck-surface); }
.bubble .align-center { text-align: center; } .bubble .align-right { text-align: end; }
.code-block { position: relative; margin: 0 0 .5em; }
.code-block pre { margin: 0; }
.code-block .copy-code { position: absolute; top: 4px; inset-inline-end: 4px; font-size: .8em; padding: 2px 8px; background: var(--ck-bg, var(--ck-bg-default)); }
.actions { display: flex; gap: 4px; margin-top: 4px; }
.actions button { border: none; padding: 2px 6px; }
.actions button[aria-pressed="true"] { background: var(--ck-surface); }
.actions button { display: inline-flex; align-items: center; gap: 4px; }
.copy-state:empty { display: none; }
.disclaimer { color: var(--ck-muted); font-size: .8em; text-align: center; padding: 0 var(--ck-space) calc(var(--ck-space) / 2); }
.disclaimer p { margin: 0; }
.disclaimer a, .notice a { color: inherit; }
.locked { margin: 0; padding: calc(var(--ck-space) / 2) var(--ck-space) 0; color: var(--ck-muted); font-size: .9em; }
.progress { color: var(--ck-muted); font-style: italic; padding: 0 var(--ck-space); }
.notice, .error { margin: var(--ck-space); padding: var(--ck-space); border-radius: calc(var(--ck-radius) / 2); border: 1px solid var(--ck-border); }
.notice[data-level="warning"] { color: var(--ck-warning); }
.notice[data-level="danger"], .error { color: var(--ck-danger); }
.notice strong { display: block; }
.error { display: flex; gap: var(--ck-space); align-items: center; justify-content: space-between; }
.error p { margin: 0; }
.composer { display: flex; gap: calc(var(--ck-space) / 2); align-items: flex-end; padding: var(--ck-space); border-top: 1px solid var(--ck-border); }
.composer textarea { flex: 1; resize: none; font: inherit; color: inherit; background: transparent; max-height: 10em;
  border: 1px solid var(--ck-border); border-radius: var(--ck-radius); padding: calc(var(--ck-space) * .75) var(--ck-space); }
.composer .send { background: var(--ck-accent, var(--ck-accent-default)); color: var(--ck-on-accent, var(--ck-on-accent-default)); border: none; }
.history { position: absolute; inset: 0; background: var(--ck-bg, var(--ck-bg-default)); display: flex; flex-direction: column; z-index: 1; }
.history-head { display: flex; align-items: center; gap: var(--ck-space); padding: var(--ck-space); border-bottom: 1px solid var(--ck-border); }
.history-head h2 { flex: 1; margin: 0; font-size: 1em; }
.threads { list-style: none; margin: 0; padding: var(--ck-space); overflow-y: auto; flex: 1; }
.threads li { display: flex; gap: 4px; align-items: center; }
.threads .when { color: var(--ck-muted); font-size: .85em; white-space: nowrap; }
.threads .open { flex: 1; text-align: start; border: none; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.threads li[aria-current="true"] .open { font-weight: 600; }
.threads form { display: flex; flex: 1; gap: 4px; }
.threads input { flex: 1; font: inherit; color: inherit; background: transparent; border: 1px solid var(--ck-border); border-radius: 4px; padding: 2px 6px; }
.empty { color: var(--ck-muted); padding: var(--ck-space); }
.widget .w-card { border: 1px solid var(--ck-border); border-radius: var(--ck-radius); padding: var(--ck-space); display: flex; flex-direction: column; gap: calc(var(--ck-space) / 2); max-width: 100%; }
.widget .w-row { display: flex; flex-wrap: wrap; gap: calc(var(--ck-space) / 2); align-items: center; }
.widget .w-col { display: flex; flex-direction: column; gap: calc(var(--ck-space) / 2); }
.widget p { margin: 0; }
.widget .w-title { font-weight: 600; font-size: 1.1em; }
.widget .w-caption { color: var(--ck-muted); font-size: .9em; }
.widget .w-badge { align-self: flex-start; background: var(--ck-surface); border-radius: 999px; padding: 0 8px; font-size: .85em; }
.widget .w-divider { border: none; border-top: 1px solid var(--ck-border); width: 100%; margin: 0; }
.widget .w-button { background: var(--ck-accent, var(--ck-accent-default)); color: var(--ck-on-accent, var(--ck-on-accent-default)); border-color: transparent; }
.widget .w-button.secondary { background: transparent; color: inherit; border-color: var(--ck-border); }
.workflow summary { cursor: pointer; color: var(--ck-muted); }
.steps { list-style: none; margin: 4px 0 0; padding: 0; display: flex; flex-direction: column; gap: 4px; }
.step { display: flex; gap: 6px; }
.step-icon { width: 1.2em; text-align: center; color: var(--ck-muted); }
.step[data-status="complete"] .step-icon { color: var(--ck-accent, var(--ck-accent-default)); }
.step-content { color: var(--ck-muted); font-size: .95em; }
.step-content p { margin: 0; }
/* Arrows point the way the text reads. */
.root[dir="rtl"] .close-history, .root[dir="rtl"] .retry-item { transform: scaleX(-1); }
[hidden] { display: none !important; }
`;
