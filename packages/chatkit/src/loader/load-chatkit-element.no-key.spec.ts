import { describe, expect, it, vi } from 'vitest';
import { BuiltinChatKitElement } from '../element/builtin-chatkit-element.js';
import { captureInjectedScripts } from '../test/capture-scripts.js';
import { loadChatKitElement } from './load-chatkit-element.js';

describe('loadChatKitElement (openai without a domain key)', () => {
  it('warns and uses the built-in element without injecting a script', async () => {
    const scripts = captureInjectedScripts();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await loadChatKitElement({ element: 'openai' })).toBe('builtin');
    expect(scripts).toHaveLength(0);
    expect(customElements.get('openai-chatkit')).toBe(BuiltinChatKitElement);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('needs a domainKey'));
  });
});
