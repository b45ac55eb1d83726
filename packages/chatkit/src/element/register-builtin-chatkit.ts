import { BuiltinChatKitElement } from './builtin-chatkit-element.js';

export const CHATKIT_TAG = 'openai-chatkit';

/**
 * Defines `<openai-chatkit>` as our built-in element unless something (ours or
 * OpenAI's hosted script) already defined it; a tag can be defined only once.
 * Returns true when the tag now holds the built-in element.
 */
export function registerBuiltinChatKit(): boolean {
  if (typeof customElements === 'undefined') return false;
  const existing = customElements.get(CHATKIT_TAG);
  if (!existing) customElements.define(CHATKIT_TAG, BuiltinChatKitElement);
  return isBuiltinDefined();
}

/** True when the registered `<openai-chatkit>` is ours, false if it is OpenAI's (or none). */
export function isBuiltinDefined(): boolean {
  const existing = typeof customElements === 'undefined' ? undefined : customElements.get(CHATKIT_TAG);
  return Boolean(existing && (existing as unknown as { isBuiltinChatKit?: boolean }).isBuiltinChatKit);
}
