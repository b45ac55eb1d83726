import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatError } from '../auth/chat-token.types.js';
import type { BuiltinChatKitElement } from '../element/builtin-chatkit-element.js';
import { answerEvents, FakeChatKitApi, jsonResponse, sseResponse, thread } from '../test/fake-chatkit-api.js';
import { WorkflowChat } from './WorkflowChat.js';
import { toChatKitOptions } from './chatkit-options.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const token = (value: string) => ({ token: value, expiresAt: new Date(Date.now() + 300_000).toISOString() });

async function renderChat(api: FakeChatKitApi, props: Partial<Parameters<typeof WorkflowChat>[0]> = {}) {
  vi.stubGlobal('fetch', api.fetch);
  let n = 0;
  const getToken = vi.fn(async () => token(`jwt-${++n}`));
  const onError = vi.fn<(error: ChatError) => void>();
  const onThreadChange = vi.fn<(threadId: string | null) => void>();
  const view = render(
    <WorkflowChat
      apiUrl="/api/chatkit"
      getToken={getToken}
      onError={onError}
      onThreadChange={onThreadChange}
      greeting="Hello from the workflow"
      prompts={[{ label: 'Pricing', prompt: 'How much is it?' }]}
      title="Demo workflow"
      {...props}
    />,
  );
  const el = await vi.waitFor(() => {
    const found = view.container.querySelector('openai-chatkit') as BuiltinChatKitElement | null;
    expect(found?.shadowRoot?.querySelector('.greeting')?.textContent).toBe(props.greeting ?? 'Hello from the workflow');
    return found!;
  });
  const $ = (selector: string) => el.shadowRoot!.querySelector(selector) as HTMLElement | null;
  return { el, $, getToken, onError, onThreadChange, view };
}

describe('<WorkflowChat>', () => {
  it('loads the built-in element and passes the options through useChatKit', async () => {
    const api = new FakeChatKitApi();
    const { $ } = await renderChat(api);
    expect($('.title')?.textContent).toBe('Demo workflow');
    expect($('.prompt')?.textContent).toBe('Pricing');
  });

  it('sends protocol requests with the chat JWT and reports the thread id to the host', async () => {
    const api = new FakeChatKitApi();
    api.on('threads.create', () =>
      sseResponse([{ type: 'thread.created', thread: thread('thr_1') }, ...answerEvents('thr_1', 'msg_u1', 'Hi', 'msg_a1', ['Hey'])]),
    );
    const { el, $, onThreadChange, getToken } = await renderChat(api);
    await act(() => el.sendUserMessage({ text: 'Hi' }));
    await vi.waitFor(() => expect($('.msg.assistant .bubble')?.textContent).toBe('Hey'));
    const call = api.callsOf('threads.create')[0]!;
    expect(call.headers.get('Authorization')).toBe('Bearer jwt-1');
    expect(call.headers.get('Content-Type')).toBe('application/json');
    expect(getToken).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(onThreadChange).toHaveBeenCalledWith('thr_1'));
  });

  it('reports a revoked token to onError after one renewal, and the chat shows an error', async () => {
    const api = new FakeChatKitApi();
    api.on('threads.create', () => jsonResponse({ code: 'auth.token_revoked', message: 'Link revoked' }, 401));
    const { el, $, onError, getToken } = await renderChat(api);
    await act(() => el.sendUserMessage({ text: 'Hi' }));
    expect(api.callsOf('threads.create').map((c) => c.headers.get('Authorization'))).toEqual(['Bearer jwt-1', 'Bearer jwt-2']);
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith({ status: 401, code: 'auth.token_revoked', message: 'Link revoked' });
    expect($('.error')?.hidden).toBe(false);
  });

  it('retries a message the server answered 503 with Retry-After, without bothering the host', async () => {
    const api = new FakeChatKitApi();
    let attempts = 0;
    api.on('threads.create', () =>
      ++attempts === 1
        ? jsonResponse({ code: 'service.unavailable', message: 'Briefly unavailable' }, 503, { 'Retry-After': '0' })
        : sseResponse([{ type: 'thread.created', thread: thread('thr_1') }, ...answerEvents('thr_1', 'msg_u1', 'Hi', 'msg_a1', ['Back'])]),
    );
    const { el, $, onError } = await renderChat(api);
    await act(() => el.sendUserMessage({ text: 'Hi' }));
    await vi.waitFor(() => expect($('.msg.assistant .bubble')?.textContent).toBe('Back'));
    expect(api.callsOf('threads.create')).toHaveLength(2);
    expect(onError).not.toHaveBeenCalled();
    expect($('.error')?.hidden).toBe(true);
  });

  it('resumes initialThread and hides history when disabled', async () => {
    const api = new FakeChatKitApi();
    api.on('threads.get_by_id', () => jsonResponse(thread('thr_7', 'Earlier chat')));
    const { $ } = await renderChat(api, { initialThread: 'thr_7', historyEnabled: false });
    await vi.waitFor(() => expect($('.title')?.textContent).toBe('Demo workflow'));
    await vi.waitFor(() => expect(api.callsOf('threads.get_by_id')).toHaveLength(1));
    expect($('.open-history')?.hidden).toBe(true);
  });

  it('applies theme and locale overrides', async () => {
    const api = new FakeChatKitApi();
    const { $ } = await renderChat(api, {
      theme: { colorScheme: 'dark', accentColor: '#0a7', radius: 'none', density: 'spacious' },
      locale: { send: 'Senden', composerPlaceholder: 'Nachricht' },
    });
    expect($('.root')?.getAttribute('data-color-scheme')).toBe('dark');
    expect($('.root')?.style.getPropertyValue('--ck-accent')).toBe('#0a7');
    expect($('.root')?.style.getPropertyValue('--ck-radius')).toBe('0px');
    expect($('.send')?.getAttribute('aria-label')).toBe('Senden');
    expect(($('textarea') as HTMLTextAreaElement).placeholder).toBe('Nachricht');
  });
});

describe('toChatKitOptions', () => {
  it('adds the strings extension only for the built-in element', () => {
    const base = { apiUrl: '/api/chatkit', fetch: vi.fn() as unknown as typeof fetch, locale: { send: 'Go' } };
    expect(toChatKitOptions({ ...base, element: 'builtin' }).strings).toEqual({ send: 'Go' });
    const hosted = toChatKitOptions({ ...base, element: 'openai', domainKey: 'domain_pk_1' });
    expect(hosted).not.toHaveProperty('strings');
    expect(hosted.api).toMatchObject({ url: '/api/chatkit', domainKey: 'domain_pk_1' });
  });
});
