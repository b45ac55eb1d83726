import { describe, expect, it, vi } from 'vitest';
import { captureInjectedScripts } from '../test/capture-scripts.js';
import { loadChatKitElement } from './load-chatkit-element.js';

describe('loadChatKitElement (openai reachable)', () => {
  it('resolves "openai" when the hosted script defines the element in time', async () => {
    const scripts = captureInjectedScripts();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const loading = loadChatKitElement({ element: 'openai', domainKey: 'domain_pk_1', scriptUrl: 'https://cdn.example/chatkit.js', timeoutMs: 1000 });
    expect(scripts[0]?.src).toBe('https://cdn.example/chatkit.js');
    // Stand-in for what OpenAI's script does once it has run.
    customElements.define('openai-chatkit', class extends HTMLElement {});
    expect(await loading).toBe('openai');
    expect(warn).not.toHaveBeenCalled();
  });

  it('reports the hosted element afterwards, even when builtin is asked for (a tag is defined once per page)', async () => {
    expect(await loadChatKitElement({ element: 'builtin' })).toBe('openai');
  });
});
