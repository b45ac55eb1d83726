import { html, nothing, type TemplateResult } from 'lit-html';
import { markdown } from './markdown-loader.js';

/** A widget button's action, as ChatKit's `ActionConfig`. */
export interface WidgetAction {
  type: string;
  payload?: Record<string, unknown>;
  handler?: 'client' | 'server';
}

export interface WidgetContext {
  /** A choice was already made on this widget: its buttons stay disabled. */
  used: boolean;
  /** An answer is streaming: no new action can start. */
  busy: boolean;
  onAction(action: WidgetAction): void;
}

/** Widgets nest containers; past this depth the rest is left out. */
const MAX_DEPTH = 12;

type Component = { type?: unknown; [key: string]: unknown };

/**
 * The widget subset a workflow sends: Card (and Basic), Row, Col, Box, Text,
 * Title, Caption, Markdown, Badge, Button, Divider. Other components render
 * nothing rather than something half right.
 */
export function widgetView(widget: unknown, context: WidgetContext): TemplateResult {
  return html`<div class="widget" dir="auto">${componentView(widget, context, 0)}</div>`;
}

function componentView(value: unknown, c: WidgetContext, depth: number): TemplateResult | typeof nothing {
  if (!isComponent(value) || depth > MAX_DEPTH) return nothing;
  const kids = () => (Array.isArray(value.children) ? value.children.map((child) => componentView(child, c, depth + 1)) : nothing);
  switch (value.type) {
    case 'Card':
    case 'Basic':
      return html`<div class="w-card">${kids()}</div>`;
    case 'Row':
      return html`<div class="w-row">${kids()}</div>`;
    case 'Col':
      return html`<div class="w-col">${kids()}</div>`;
    case 'Box':
      return html`<div class=${value.direction === 'row' ? 'w-row' : 'w-col'}>${kids()}</div>`;
    case 'Text':
      return html`<p class="w-text">${text(value.value)}</p>`;
    case 'Title':
      return html`<p class="w-title">${text(value.value)}</p>`;
    case 'Caption':
      return html`<p class="w-caption">${text(value.value)}</p>`;
    case 'Markdown':
      return html`<div class="w-markdown">${markdown(text(value.value))}</div>`;
    case 'Badge':
      return html`<span class="w-badge">${text(value.label)}</span>`;
    case 'Divider':
      return html`<hr class="w-divider" />`;
    case 'Button':
      return buttonView(value, c);
    default:
      return nothing;
  }
}

function buttonView(button: Component, c: WidgetContext): TemplateResult {
  const action = asAction(button.onClickAction);
  const disabled = button.disabled === true || c.used || c.busy || action === null;
  return html`<button type="button" class=${button.style === 'secondary' ? 'w-button secondary' : 'w-button'} ?disabled=${disabled} @click=${() => action && c.onAction(action)}>${text(button.label)}</button>`;
}

function asAction(value: unknown): WidgetAction | null {
  if (!isComponent(value) || typeof value.type !== 'string' || value.type === '') return null;
  const payload = value.payload;
  return {
    type: value.type,
    ...(payload && typeof payload === 'object' && !Array.isArray(payload) ? { payload: payload as Record<string, unknown> } : {}),
    ...(value.handler === 'client' ? { handler: 'client' as const } : {}),
  };
}

function isComponent(value: unknown): value is Component {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
