import { describe, expect, it } from 'vitest';
import { BuiltinChatKitElement } from '../element/builtin-chatkit-element.js';
import { loadChatKitElement } from './load-chatkit-element.js';

describe('loadChatKitElement (builtin)', () => {
  it('defines <openai-chatkit> as the built-in element by default, without any script', async () => {
    expect(customElements.get('openai-chatkit')).toBeUndefined();
    expect(await loadChatKitElement()).toBe('builtin');
    expect(customElements.get('openai-chatkit')).toBe(BuiltinChatKitElement);
    expect(document.querySelectorAll('script')).toHaveLength(0);
    // Idempotent, and a later 'openai' request reports what is really defined.
    expect(await loadChatKitElement({ element: 'builtin' })).toBe('builtin');
    expect(await loadChatKitElement({ element: 'openai', domainKey: 'k' })).toBe('builtin');
  });
});
