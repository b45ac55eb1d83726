import { describe, expect, it, vi } from 'vitest';
import { BuiltinChatKitElement } from '../element/builtin-chatkit-element.js';
import { captureInjectedScripts } from '../test/capture-scripts.js';
import { loadChatKitElement } from './load-chatkit-element.js';

describe('loadChatKitElement (openai script fails to load)', () => {
  it('falls back at once when the script errors (offline, CSP, blocker), without waiting for the timeout', async () => {
    const scripts = captureInjectedScripts();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const loading = loadChatKitElement({ element: 'openai', domainKey: 'domain_pk_1', timeoutMs: 60_000 });
    scripts[0]!.dispatchEvent(new Event('error'));
    expect(await loading).toBe('builtin');
    expect(customElements.get('openai-chatkit')).toBe(BuiltinChatKitElement);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('script failed to load'));
  });
});
