import { afterEach, describe, expect, it, vi } from 'vitest';
import { answerEvents, FakeChatKitApi, jsonResponse, sseResponse, thread, userMessage, assistantMessage } from '../test/fake-chatkit-api.js';
import { cleanupElements, mountElement } from '../test/mount-element.js';

afterEach(() => {
  cleanupElements();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const TABLE = '| Plan | Price |\n|---|---:|\n| Basic | 10 |\n\n```sh\nnpm ci\n```';

function answered(text: string) {
  const api = new FakeChatKitApi();
  api.on('threads.create', () =>
    sseResponse([{ type: 'thread.created', thread: thread('thr_1') }, ...answerEvents('thr_1', 'msg_u1', 'Hi', 'msg_a1', [text])]),
  );
  return api;
}

function stubClipboard(writeText: (text: string) => Promise<void>) {
  const clipboard = { writeText: vi.fn(writeText) };
  vi.stubGlobal('navigator', { ...navigator, clipboard });
  return clipboard;
}

describe('<openai-chatkit> built-in: rich answers', () => {
  it('renders an answer with a table and a code block', async () => {
    const { $, $$, type, press } = mountElement(answered(TABLE));
    type('Hi');
    press('Enter');
    await vi.waitFor(() => expect($('.msg.assistant table')).not.toBeNull());
    expect($$('.msg.assistant th').map((th) => th.textContent)).toEqual(['Plan', 'Price']);
    expect($('.msg.assistant pre code')?.textContent).toBe('npm ci');
  });

  it('copies an answer with its Copy button, which then says Copied', async () => {
    const clipboard = stubClipboard(async () => undefined);
    const { $, type, press } = mountElement(answered(TABLE));
    type('Hi');
    press('Enter');
    await vi.waitFor(() => expect($('.copy-message')).not.toBeNull());
    const button = $<HTMLButtonElement>('.copy-message')!;
    expect(button.getAttribute('aria-label')).toBe('Copy');
    button.click();
    await vi.waitFor(() => expect($('.copy-message')?.getAttribute('aria-label')).toBe('Copied'));
    expect(clipboard.writeText).toHaveBeenCalledWith(TABLE);
    expect($('.copy-message .copy-state')?.textContent).toBe('Copied');
  });

  it('copies a code block on its own', async () => {
    const clipboard = stubClipboard(async () => undefined);
    const { $, type, press } = mountElement(answered(TABLE));
    type('Hi');
    press('Enter');
    await vi.waitFor(() => expect($('.copy-code')).not.toBeNull());
    $<HTMLButtonElement>('.copy-code')!.click();
    await vi.waitFor(() => expect($('.copy-code')?.textContent).toBe('Copied'));
    expect(clipboard.writeText).toHaveBeenCalledWith('npm ci');
  });

  it('says so when the clipboard refuses, and does not claim Copied', async () => {
    stubClipboard(async () => {
      throw new DOMException('denied', 'NotAllowedError');
    });
    const { $, root, type, press } = mountElement(answered('Hello'));
    type('Hi');
    press('Enter');
    await vi.waitFor(() => expect($('.copy-message')).not.toBeNull());
    $<HTMLButtonElement>('.copy-message')!.click();
    await vi.waitFor(() => expect(root.querySelector('.sr-only[role="status"]')?.textContent).toContain('Could not copy'));
    expect($('.copy-message')?.getAttribute('aria-label')).toBe('Copy');
  });

  it('shows the disclaimer (Markdown, safe links only) under the composer', () => {
    const api = new FakeChatKitApi();
    const { $ } = mountElement(api, {
      disclaimer: { text: 'Answers may be wrong. [Terms](https://example.com/terms) [x](javascript:alert(1))' },
    });
    const disclaimer = $('.disclaimer')!;
    expect(disclaimer.previousElementSibling?.classList.contains('composer')).toBe(true);
    expect(disclaimer.textContent).toBe('Answers may be wrong. Terms x');
    expect(Array.from(disclaimer.querySelectorAll('a')).map((a) => a.getAttribute('href'))).toEqual(['https://example.com/terms']);
  });

  it('renders a notice message as Markdown', async () => {
    const api = new FakeChatKitApi();
    api.on('threads.create', () =>
      sseResponse([
        { type: 'thread.created', thread: thread('thr_1') },
        { type: 'notice', level: 'danger', message: 'You reached **today’s** limit. <img src=x onerror=alert(1)>' },
      ]),
    );
    const { $, type, press } = mountElement(api);
    type('Hi');
    press('Enter');
    await vi.waitFor(() => expect($('.notice')).not.toBeNull());
    expect($('.notice')?.getAttribute('role')).toBe('alert');
    expect($('.notice strong')?.textContent).toBe('today’s');
    expect($('.notice img')).toBeNull();
  });

  it('disables the composer of a locked thread and shows the reason', async () => {
    const api = new FakeChatKitApi();
    api.on('threads.get_by_id', () =>
      jsonResponse({
        ...thread('thr_1', 'Done', [userMessage('msg_u1', 'thr_1', 'Hi'), assistantMessage('msg_a1', 'thr_1', 'Bye')]),
        status: { type: 'locked', reason: 'This chat reached its message limit.' },
      }),
    );
    const { el, $, input } = mountElement(api);
    await el.setThreadId('thr_1');
    await vi.waitFor(() => expect(input().disabled).toBe(true));
    expect($('.locked')?.textContent).toBe('This chat reached its message limit.');
    expect($<HTMLButtonElement>('.send')?.disabled).toBe(true);
  });

  it('a thread locked mid-answer (thread.updated) disables the composer with the default reason', async () => {
    const api = new FakeChatKitApi();
    api.on('threads.create', () =>
      sseResponse([
        { type: 'thread.created', thread: thread('thr_1') },
        { type: 'thread.updated', thread: { ...thread('thr_1'), status: { type: 'closed' } } },
      ]),
    );
    const { $, type, press, input } = mountElement(api);
    type('Hi');
    press('Enter');
    await vi.waitFor(() => expect($('.locked')?.textContent).toBe('This conversation is closed.'));
    expect(input().disabled).toBe(true);
  });
});

describe('<openai-chatkit> built-in: colorScheme system', () => {
  it("follows the OS's dark setting", () => {
    vi.stubGlobal('matchMedia', (query: string) => ({ matches: query.includes('dark'), media: query, addEventListener() {}, removeEventListener() {} }));
    const { $ } = mountElement(new FakeChatKitApi(), { theme: { colorScheme: 'system' as 'light' } });
    expect($('.root')?.getAttribute('data-color-scheme')).toBe('dark');
  });
});
