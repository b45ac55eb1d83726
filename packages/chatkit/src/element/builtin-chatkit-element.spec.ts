import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  answerEvents,
  assistantMessage,
  FakeChatKitApi,
  jsonResponse,
  sseResponse,
  textDelta,
  thread,
  userMessage,
} from '../test/fake-chatkit-api.js';
import { cleanupElements, mountElement } from '../test/mount-element.js';

afterEach(cleanupElements);

describe('<openai-chatkit> built-in: start screen and options', () => {
  it('shows the greeting and prompts, and a prompt click sends threads.create', async () => {
    const api = new FakeChatKitApi();
    api.on('threads.create', () => sseResponse([{ type: 'thread.created', thread: thread('thr_1') }]));
    const { $, $$ } = mountElement(api, {
      startScreen: { greeting: 'Hi! Ask me anything.', prompts: [{ label: 'Pricing', prompt: 'How much is it?' }] },
    });
    expect($('.greeting')?.textContent).toBe('Hi! Ask me anything.');
    const prompt = $$<HTMLButtonElement>('.prompt')[0]!;
    expect(prompt.textContent).toBe('Pricing');
    prompt.click();
    await vi.waitFor(() => expect(api.callsOf('threads.create')).toHaveLength(1));
    expect(api.calls[0]?.params).toEqual({
      input: { content: [{ type: 'input_text', text: 'How much is it?' }], attachments: [], inference_options: {} },
    });
  });

  it('treats setOptions as a full replacement, not a merge', () => {
    const api = new FakeChatKitApi();
    const { el, $, $$ } = mountElement(api, { startScreen: { greeting: 'First', prompts: [{ label: 'P', prompt: 'p' }] } });
    el.setOptions({ api: { url: '/api/chatkit', fetch: api.fetch as unknown as typeof fetch, domainKey: 'x' } });
    expect($('.greeting')?.textContent).toBe('What can I help with today?');
    expect($$('.prompt')).toHaveLength(0);
  });

  it('emits chatkit.ready once after the first setOptions', async () => {
    const api = new FakeChatKitApi();
    const { el, eventsNamed } = mountElement(api);
    await vi.waitFor(() => expect(eventsNamed('chatkit.ready')).toHaveLength(1));
    el.setOptions({ api: { url: '/api/chatkit', fetch: api.fetch as unknown as typeof fetch, domainKey: 'x' } });
    await Promise.resolve();
    expect(eventsNamed('chatkit.ready')).toHaveLength(1);
  });

  it('applies theme (scheme, accent, radius, density) and locale label overrides', () => {
    const api = new FakeChatKitApi();
    const { $ } = mountElement(api, {
      theme: { colorScheme: 'dark', radius: 'sharp', density: 'compact', color: { accent: { primary: '#ff0066', level: 1 } } },
      locale: 'fr',
      strings: { send: 'Envoyer', composerPlaceholder: 'Votre message' },
    });
    const root = $('.root')!;
    expect(root.getAttribute('data-color-scheme')).toBe('dark');
    expect(root.style.getPropertyValue('--ck-accent')).toBe('#ff0066');
    expect(root.style.getPropertyValue('--ck-radius')).toBe('0px');
    expect(root.style.getPropertyValue('--ck-space')).toBe('6px');
    expect(root.getAttribute('lang')).toBe('fr');
    expect($('.send')?.getAttribute('aria-label')).toBe('Envoyer');
    expect($<HTMLTextAreaElement>('textarea')?.placeholder).toBe('Votre message');
  });

  it('refuses an accent colour that would load a url()', () => {
    const api = new FakeChatKitApi();
    const { $ } = mountElement(api, { theme: { color: { accent: { primary: 'url(https://evil.example/x.png)', level: 1 } } } });
    expect($('.root')!.style.getPropertyValue('--ck-accent')).toBe('');
  });

  it('is labelled for assistive technology', () => {
    const api = new FakeChatKitApi();
    const { $ } = mountElement(api);
    const log = $('.log')!;
    expect(log.getAttribute('role')).toBe('log');
    expect(log.getAttribute('aria-live')).toBe('polite');
    expect($('textarea')?.getAttribute('aria-label')).toBe('Message');
    for (const selector of ['.send', '.stop', '.open-history', '.new-chat']) {
      expect($(selector)?.getAttribute('aria-label'), selector).toBeTruthy();
    }
  });
});

describe('<openai-chatkit> built-in: a streamed answer', () => {
  it('renders each protocol event of the first-message sequence in order', async () => {
    const api = new FakeChatKitApi();
    const stream = api.onStream('threads.create');
    const { $, $$, type, press, eventsNamed, input } = mountElement(api, { threadItemActions: { feedback: true } });

    type('Hello there');
    press('Enter');
    await vi.waitFor(() => expect(api.callsOf('threads.create')).toHaveLength(1));
    expect(input().value).toBe('');
    // Optimistic bubble until the server confirms the stored message.
    expect($('.msg.user.pending')?.textContent).toContain('Hello there');
    expect(eventsNamed('chatkit.response.start')).toHaveLength(1);
    // Composer disabled while streaming, stop button offered instead of send.
    expect(input().disabled).toBe(true);
    expect($('.stop')?.hidden).toBe(false);
    expect($('.send')?.hidden).toBe(true);
    expect($('.log')?.getAttribute('aria-busy')).toBe('true');

    const s = stream();
    s.send({ type: 'thread.created', thread: thread('thr_1') });
    await vi.waitFor(() => expect(eventsNamed('chatkit.thread.change')).toEqual([{ threadId: 'thr_1' }]));

    const [userDone, streamOptions, added, partAdded, d1, d2, d3, partDone, assistantDone] = answerEvents(
      'thr_1', 'msg_u1', 'Hello there', 'msg_a1', ['Hel', 'lo **wor', 'ld**'],
    );
    s.send(userDone);
    await vi.waitFor(() => expect($('.msg.user[data-item-id="msg_u1"]')?.textContent).toContain('Hello there'));
    expect($('.pending')).toBeNull();

    s.send(streamOptions);
    s.send({ type: 'progress_update', text: 'Searching the docs' });
    await vi.waitFor(() => expect($('.progress')?.hidden).toBe(false));
    expect($('.progress')?.textContent).toBe('Searching the docs');

    s.send(added);
    await vi.waitFor(() => expect($('.msg.assistant[data-item-id="msg_a1"]')).not.toBeNull());
    expect($('.progress')?.hidden).toBe(true);

    s.send(partAdded);
    s.send(d1);
    await vi.waitFor(() => expect($('.msg.assistant .bubble')?.textContent).toBe('Hel'));
    s.send(d2);
    await vi.waitFor(() => expect($('.msg.assistant .bubble')?.textContent).toBe('Hello **wor'));
    s.send(d3);
    await vi.waitFor(() => expect($('.msg.assistant .bubble strong')?.textContent).toBe('world'));
    // No actions on a message that is still streaming.
    expect($('.feedback-positive')).toBeNull();

    s.send(partDone);
    s.send(assistantDone);
    s.send({ type: 'thread.updated', thread: thread('thr_1', 'Greetings') });
    await vi.waitFor(() => expect($('.title')?.textContent).toBe('Greetings'));
    s.close();

    await vi.waitFor(() => expect(eventsNamed('chatkit.response.end')).toHaveLength(1));
    expect(input().disabled).toBe(false);
    expect($('.stop')?.hidden).toBe(true);
    expect($('.log')?.hasAttribute('aria-busy')).toBe(false);
    expect($$('.msg')).toHaveLength(2);
    expect($('.msg.assistant .bubble')?.textContent).toBe('Hello world');
    expect($('.feedback-positive')).not.toBeNull();
    expect($('.start')?.hidden).toBe(true);
  });

  it('sends later messages with threads.add_user_message on the same thread', async () => {
    const api = new FakeChatKitApi();
    api.on('threads.create', () =>
      sseResponse([{ type: 'thread.created', thread: thread('thr_1') }, ...answerEvents('thr_1', 'msg_u1', 'one', 'msg_a1', ['A'])]),
    );
    api.on('threads.add_user_message', () => sseResponse(answerEvents('thr_1', 'msg_u2', 'two', 'msg_a2', ['B'])));
    const { $$, type, press, input } = mountElement(api);
    type('one');
    press('Enter');
    await vi.waitFor(() => expect(input().disabled).toBe(false));
    type('two');
    press('Enter');
    await vi.waitFor(() => expect($$('.msg')).toHaveLength(4));
    expect(api.callsOf('threads.add_user_message')[0]?.params).toMatchObject({
      thread_id: 'thr_1',
      input: { content: [{ type: 'input_text', text: 'two' }] },
    });
  });

  it('Shift+Enter does not send; Enter on blank text does not send', async () => {
    const api = new FakeChatKitApi();
    const { type, press, input } = mountElement(api);
    type('line one');
    const shiftEnter = new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, cancelable: true, bubbles: true });
    input().dispatchEvent(shiftEnter);
    // Not prevented: the browser inserts the newline.
    expect(shiftEnter.defaultPrevented).toBe(false);
    expect(input().value).toBe('line one');
    const enter = new KeyboardEvent('keydown', { key: 'Enter', cancelable: true, bubbles: true });
    type('   ');
    input().dispatchEvent(enter);
    expect(enter.defaultPrevented).toBe(true);
    press('Enter');
    await Promise.resolve();
    expect(api.fetch).not.toHaveBeenCalled();
  });

  it('does not send a second message while one is streaming', async () => {
    const api = new FakeChatKitApi();
    const stream = api.onStream('threads.create');
    const { el, type, press } = mountElement(api);
    type('first');
    press('Enter');
    await vi.waitFor(() => expect(api.fetch).toHaveBeenCalledTimes(1));
    await el.sendUserMessage({ text: 'second' });
    expect(api.fetch).toHaveBeenCalledTimes(1);
    stream().close();
  });

  it('the stop button aborts the fetch and keeps the partial answer', async () => {
    const api = new FakeChatKitApi();
    const stream = api.onStream('threads.create');
    const { $, type, press, input, eventsNamed } = mountElement(api);
    type('Tell me a story');
    press('Enter');
    await vi.waitFor(() => expect(api.fetch).toHaveBeenCalledTimes(1));
    const s = stream();
    s.send({ type: 'thread.created', thread: thread('thr_1') });
    for (const event of answerEvents('thr_1', 'msg_u1', 'Tell me a story', 'msg_a1', ['Once upon']).slice(0, 5)) s.send(event);
    await vi.waitFor(() => expect($('.msg.assistant .bubble')?.textContent).toBe('Once upon'));

    $<HTMLButtonElement>('.stop')!.click();
    expect(api.calls[0]?.signal?.aborted).toBe(true);
    await vi.waitFor(() => expect(input().disabled).toBe(false));
    expect($('.msg.assistant .bubble')?.textContent).toBe('Once upon');
    expect($('.error')?.hidden).toBe(true);
    expect(eventsNamed('chatkit.error')).toEqual([]);
    expect(eventsNamed('chatkit.response.end')).toHaveLength(1);
  });

  it('an in-band error with allow_retry shows the message and a Retry that sends threads.retry_after_item', async () => {
    const api = new FakeChatKitApi();
    api.on('threads.create', () =>
      sseResponse([
        { type: 'thread.created', thread: thread('thr_1') },
        { type: 'thread.item.done', item: userMessage('msg_u1', 'thr_1', 'Hi') },
        { type: 'error', code: 'stream.error', allow_retry: true },
      ]),
    );
    api.on('threads.retry_after_item', () => sseResponse(answerEvents('thr_1', 'msg_u1', 'Hi', 'msg_a1', ['Recovered']).slice(1)));
    const { $, type, press, eventsNamed } = mountElement(api);
    type('Hi');
    press('Enter');
    await vi.waitFor(() => expect($('.error')?.hidden).toBe(false));
    expect($('.error')?.getAttribute('role')).toBe('alert');
    expect($('.error p')?.textContent).toBe('Something went wrong. Please try again.');
    expect(eventsNamed('chatkit.error')).toHaveLength(1);
    // The user's message stays in the transcript.
    expect($('.msg.user[data-item-id="msg_u1"]')).not.toBeNull();

    const retry = $<HTMLButtonElement>('.error-retry')!;
    expect(retry.hidden).toBe(false);
    expect(retry.textContent).toBe('Retry');
    retry.click();
    await vi.waitFor(() => expect(api.callsOf('threads.retry_after_item')).toHaveLength(1));
    expect(api.callsOf('threads.retry_after_item')[0]?.params).toEqual({ thread_id: 'thr_1', item_id: 'msg_u1' });
    await vi.waitFor(() => expect($('.msg.assistant .bubble')?.textContent).toBe('Recovered'));
    expect($('.error')?.hidden).toBe(true);
  });

  it('an in-band custom error without allow_retry shows its message and no Retry', async () => {
    const api = new FakeChatKitApi();
    api.on('threads.create', () =>
      sseResponse([
        { type: 'thread.created', thread: thread('thr_1') },
        { type: 'error', code: 'custom', message: 'The weather step failed.', allow_retry: false },
      ]),
    );
    const { $, type, press } = mountElement(api);
    type('Weather?');
    press('Enter');
    await vi.waitFor(() => expect($('.error p')?.textContent).toBe('The weather step failed.'));
    expect($('.error-retry')?.hidden).toBe(true);
  });

  it('renders notices with their level and title, and client effects become chatkit.effect', async () => {
    const api = new FakeChatKitApi();
    api.on('threads.create', () =>
      sseResponse([
        { type: 'thread.created', thread: thread('thr_1') },
        { type: 'notice', level: 'warning', title: 'Heads up', message: 'Answers may be outdated.' },
        { type: 'client_effect', name: 'confetti', data: { n: 3 } },
      ]),
    );
    const { $, type, press, eventsNamed } = mountElement(api);
    type('Hi');
    press('Enter');
    await vi.waitFor(() => expect($('.notice')).not.toBeNull());
    const notice = $('.notice')!;
    expect(notice.getAttribute('data-level')).toBe('warning');
    expect(notice.querySelector('strong')?.textContent).toBe('Heads up');
    expect(notice.textContent).toContain('Answers may be outdated.');
    expect(eventsNamed('chatkit.effect')).toEqual([{ name: 'confetti', data: { n: 3 } }]);
  });

  it('an HTTP 429 before the stream gives the text back and explains the wait', async () => {
    const api = new FakeChatKitApi();
    api.on('threads.create', () => jsonResponse({ code: 'rate_limited', message: 'Too many requests' }, 429, { 'Retry-After': '20' }));
    const { $, $$, type, press, input, eventsNamed } = mountElement(api);
    type('Hi again');
    press('Enter');
    await vi.waitFor(() => expect($('.error')?.hidden).toBe(false));
    expect($('.error p')?.textContent).toBe('Too many messages. Please wait a moment and try again.');
    expect($$('.msg')).toHaveLength(0);
    expect(input().value).toBe('Hi again');
    expect(input().disabled).toBe(false);
    expect(eventsNamed('chatkit.error')).toHaveLength(1);
    expect(eventsNamed('chatkit.thread.change')).toEqual([]);
  });
});

describe('<openai-chatkit> built-in: safety', () => {
  const hostile = [
    'Look: <img src=x onerror="window.__pwned = 1">',
    '<script>window.__pwned = 2</script>',
    '[click me](javascript:alert(1)) and [JS](JAVASCRIPT:alert(2)) and [data](data:text/html,<b>x</b>)',
    '[docs](https://example.com/docs) [mail](mailto:a@example.com)',
    '<a href="javascript:alert(3)">raw</a> <iframe src="https://evil.example"></iframe>',
  ].join('\n\n');

  it('renders HTML in an assistant message as text and keeps only http(s)/mailto links', async () => {
    const api = new FakeChatKitApi();
    api.on('threads.create', () =>
      sseResponse([
        { type: 'thread.created', thread: thread('thr_1') },
        { type: 'thread.item.added', item: assistantMessage('msg_a1', 'thr_1', null) },
        {
          type: 'thread.item.updated',
          item_id: 'msg_a1',
          update: { type: 'assistant_message.content_part.added', content_index: 0, content: { type: 'output_text', text: '', annotations: [] } },
        },
        // Split mid-tag so a naive renderer could be tricked by accumulation.
        textDelta('msg_a1', hostile.slice(0, 20)),
        textDelta('msg_a1', hostile.slice(20)),
        { type: 'thread.item.done', item: assistantMessage('msg_a1', 'thr_1', hostile) },
      ]),
    );
    const { $, root, type, press, input } = mountElement(api);
    type('<img src=y onerror="window.__pwned = 3">');
    press('Enter');
    await vi.waitFor(() => expect(input().disabled).toBe(false));
    await vi.waitFor(() => expect($('.msg.assistant')).not.toBeNull());

    expect(root.querySelectorAll('img, script, iframe').length).toBe(0);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
    expect($('.msg.user .bubble')?.textContent).toBe('<img src=y onerror="window.__pwned = 3">');
    const bubble = $('.msg.assistant .bubble')!;
    expect(bubble.textContent).toContain('<img src=x onerror="window.__pwned = 1">');
    expect(bubble.textContent).toContain('<script>window.__pwned = 2</script>');
    expect(bubble.textContent).toContain('click me');

    const links = Array.from(root.querySelectorAll('a'));
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com/docs', 'mailto:a@example.com']);
    for (const link of links) {
      expect(link.getAttribute('target')).toBe('_blank');
      expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    }
    // Nothing carries an event handler attribute.
    const withHandlers = Array.from(root.querySelectorAll('*')).filter((node) =>
      Array.from(node.attributes).some((attr) => attr.name.startsWith('on')),
    );
    expect(withHandlers).toEqual([]);
  });
});
