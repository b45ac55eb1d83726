import { afterEach, describe, expect, it, vi } from 'vitest';
import { BuiltinChatKitElement } from '../element/builtin-chatkit-element.js';
import { captureInjectedScripts } from '../test/capture-scripts.js';
import { loadChatKitElement, OPENAI_CHATKIT_SCRIPT_URL } from './load-chatkit-element.js';

afterEach(() => vi.useRealTimers());

describe('loadChatKitElement (openai never defines the element)', () => {
  it('injects OpenAI\'s script once, then falls back to the built-in element with a warning after 4 s', async () => {
    vi.useFakeTimers();
    const scripts = captureInjectedScripts();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const first = loadChatKitElement({ element: 'openai', domainKey: 'domain_pk_1' });
    const second = loadChatKitElement({ element: 'openai', domainKey: 'domain_pk_1' });
    expect(scripts.map((s) => s.src)).toEqual([OPENAI_CHATKIT_SCRIPT_URL]);

    await vi.advanceTimersByTimeAsync(3999);
    expect(customElements.get('openai-chatkit')).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(await first).toBe('builtin');
    expect(await second).toBe('builtin');
    expect(customElements.get('openai-chatkit')).toBe(BuiltinChatKitElement);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('falling back to the built-in element'));
  });
});
