import { afterEach, describe, expect, it, vi } from 'vitest';
import { answerEvents, assistantMessage, FakeChatKitApi, jsonResponse, sseResponse, thread, userMessage } from '../test/fake-chatkit-api.js';
import { cleanupElements, mountElement } from '../test/mount-element.js';

afterEach(cleanupElements);

const threadOne = thread('thr_1', 'Pricing question', [userMessage('msg_u1', 'thr_1', 'How much?'), assistantMessage('msg_a1', 'thr_1', '**10 €** a month')]);

function historyApi() {
  const api = new FakeChatKitApi();
  api.on('threads.list', () =>
    jsonResponse({ data: [thread('thr_2', 'Second'), { ...thread('thr_1', 'Pricing question'), items: { data: [], has_more: false } }], has_more: false }),
  );
  api.on('threads.get_by_id', (call) =>
    call.params.thread_id === 'thr_1' ? jsonResponse(threadOne) : jsonResponse({ code: 'thread.not_found', message: 'Not found' }, 404),
  );
  return api;
}

describe('<openai-chatkit> built-in: history panel', () => {
  it('lists threads newest first and opens one with threads.get_by_id', async () => {
    const api = historyApi();
    const { el, $, $$, eventsNamed } = mountElement(api);
    await el.showHistory();
    expect(api.callsOf('threads.list')[0]?.params).toEqual({ limit: 20, order: 'desc' });
    expect($('.history')?.hidden).toBe(false);
    expect($('.open-history')?.getAttribute('aria-expanded')).toBe('true');
    expect($$('.threads .open').map((b) => b.textContent)).toEqual(['Second', 'Pricing question']);
    expect(eventsNamed('chatkit.history.open')).toHaveLength(1);

    $$<HTMLButtonElement>('.threads .open')[1]!.click();
    await vi.waitFor(() => expect($$('.msg')).toHaveLength(2));
    expect(api.callsOf('threads.get_by_id')[0]?.params).toEqual({ thread_id: 'thr_1' });
    expect($('.history')?.hidden).toBe(true);
    expect(eventsNamed('chatkit.history.close')).toHaveLength(1);
    expect($('.title')?.textContent).toBe('Pricing question');
    expect($('.msg.assistant .bubble strong')?.textContent).toBe('10 €');
    expect(eventsNamed('chatkit.thread.change')).toEqual([{ threadId: 'thr_1' }]);
    expect(eventsNamed('chatkit.thread.load.start')).toEqual([{ threadId: 'thr_1' }]);
    expect(eventsNamed('chatkit.thread.load.end')).toEqual([{ threadId: 'thr_1' }]);
  });

  it('pages with a Load more button using `after`', async () => {
    const api = new FakeChatKitApi();
    api.on('threads.list', (call) =>
      call.params.after === 'thr_2'
        ? jsonResponse({ data: [thread('thr_1', 'Older')], has_more: false })
        : jsonResponse({ data: [thread('thr_3', 'Newest'), thread('thr_2', 'Middle')], has_more: true, after: 'thr_2' }),
    );
    const { el, $, $$ } = mountElement(api);
    await el.showHistory();
    const more = $<HTMLButtonElement>('.load-more')!;
    expect(more.hidden).toBe(false);
    more.click();
    await vi.waitFor(() => expect($$('.threads .open')).toHaveLength(3));
    expect(api.callsOf('threads.list')[1]?.params).toEqual({ limit: 20, order: 'desc', after: 'thr_2' });
    expect(more.hidden).toBe(true);
  });

  it('renames a thread with threads.update', async () => {
    const api = historyApi();
    api.on('threads.update', (call) => jsonResponse({ ...thread('thr_2', String(call.params.title)), items: { data: [], has_more: false } }));
    const { el, $, $$ } = mountElement(api);
    await el.showHistory();
    $$<HTMLButtonElement>('.threads .rename')[0]!.click();
    const input = $<HTMLInputElement>('.threads input')!;
    expect(input.getAttribute('aria-label')).toBe('Conversation title');
    input.value = 'Renamed';
    $<HTMLFormElement>('.threads form')!.dispatchEvent(new Event('submit', { cancelable: true, bubbles: true }));
    await vi.waitFor(() => expect($$('.threads .open').map((b) => b.textContent)).toEqual(['Renamed', 'Pricing question']));
    expect(api.callsOf('threads.update')[0]?.params).toEqual({ thread_id: 'thr_2', title: 'Renamed' });
  });

  it('Escape cancels a rename without calling the API', async () => {
    const api = historyApi();
    const { el, $, $$ } = mountElement(api);
    await el.showHistory();
    $$<HTMLButtonElement>('.threads .rename')[0]!.click();
    const input = $<HTMLInputElement>('.threads input')!;
    input.value = 'Nope';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect($$('.threads .open').map((b) => b.textContent)).toEqual(['Second', 'Pricing question']);
    expect(api.callsOf('threads.update')).toHaveLength(0);
  });

  it('deletes a thread only after a confirming second click, with threads.delete', async () => {
    const api = historyApi();
    api.on('threads.delete', () => jsonResponse({}));
    const { el, $$ } = mountElement(api);
    await el.showHistory();
    const remove = $$<HTMLButtonElement>('.threads .delete')[0]!;
    remove.click();
    expect(api.callsOf('threads.delete')).toHaveLength(0);
    expect(remove.getAttribute('aria-label')).toBe('Confirm delete: Second');
    remove.click();
    await vi.waitFor(() => expect($$('.threads li')).toHaveLength(1));
    expect(api.callsOf('threads.delete')[0]?.params).toEqual({ thread_id: 'thr_2' });
  });

  it('deleting the open thread returns to a new chat and reports thread.change null', async () => {
    const api = historyApi();
    api.on('threads.delete', () => jsonResponse({}));
    const { el, $, $$, eventsNamed } = mountElement(api);
    await el.setThreadId('thr_1');
    await el.showHistory();
    expect($('.threads li[data-thread-id="thr_1"]')?.getAttribute('aria-current')).toBe('true');
    const remove = $<HTMLButtonElement>('.threads li[data-thread-id="thr_1"] .delete')!;
    remove.click();
    remove.click();
    await vi.waitFor(() => expect(eventsNamed('chatkit.thread.change')).toEqual([{ threadId: 'thr_1' }, { threadId: null }]));
    expect($$('.msg')).toHaveLength(0);
    expect($('.start')?.hidden).toBe(false);
  });

  it('is hidden when history is disabled', async () => {
    const api = historyApi();
    const { el, $ } = mountElement(api, { history: { enabled: false } });
    expect($('.open-history')?.hidden).toBe(true);
    await el.showHistory();
    expect(api.callsOf('threads.list')).toHaveLength(0);
  });
});

describe('<openai-chatkit> built-in: thread loading', () => {
  it('loads initialThread on mount, paging the rest with items.list', async () => {
    const api = new FakeChatKitApi();
    api.on('threads.get_by_id', () => jsonResponse(thread('thr_9', 'Long', [userMessage('msg_1', 'thr_9', 'first')], true)));
    api.on('items.list', () => jsonResponse({ data: [assistantMessage('msg_2', 'thr_9', 'second')], has_more: false }));
    const { $$, eventsNamed } = mountElement(api, { initialThread: 'thr_9' });
    await vi.waitFor(() => expect($$('.msg')).toHaveLength(2));
    expect(api.callsOf('items.list')[0]?.params).toEqual({ thread_id: 'thr_9', limit: 50, order: 'asc', after: 'msg_1' });
    expect($$('.msg .bubble').map((b) => b.textContent)).toEqual(['first', 'second']);
    expect(eventsNamed('chatkit.thread.change')).toEqual([{ threadId: 'thr_9' }]);
  });

  it('a missing initialThread (404) starts a new chat and says so', async () => {
    const api = historyApi();
    const { $, eventsNamed } = mountElement(api, { initialThread: 'thr_gone' });
    await vi.waitFor(() => expect($('.error')?.hidden).toBe(false));
    expect($('.error p')?.textContent).toBe('This conversation is no longer available.');
    expect($('.start')?.hidden).toBe(false);
    expect(eventsNamed('chatkit.thread.load.end')).toEqual([{ threadId: 'thr_gone' }]);
  });

  it('setThreadId(id) loads a thread and setThreadId(null) shows the start screen', async () => {
    const api = historyApi();
    const { el, $, $$, eventsNamed } = mountElement(api);
    await el.setThreadId('thr_1');
    expect($$('.msg')).toHaveLength(2);
    expect($('.start')?.hidden).toBe(true);
    await el.setThreadId(null);
    expect($$('.msg')).toHaveLength(0);
    expect($('.start')?.hidden).toBe(false);
    expect(eventsNamed('chatkit.thread.change')).toEqual([{ threadId: 'thr_1' }, { threadId: null }]);
  });

  it('after loading, a new message goes to the loaded thread', async () => {
    const api = historyApi();
    api.on('threads.add_user_message', () => sseResponse(answerEvents('thr_1', 'msg_u2', 'And yearly?', 'msg_a2', ['100 €'])));
    const { el, $$ } = mountElement(api);
    await el.setThreadId('thr_1');
    await el.sendUserMessage({ text: 'And yearly?' });
    expect(api.callsOf('threads.add_user_message')[0]?.params).toMatchObject({ thread_id: 'thr_1' });
    expect($$('.msg')).toHaveLength(4);
  });

  it('sendUserMessage({newThread: true}) starts a new thread', async () => {
    const api = historyApi();
    api.on('threads.create', () => sseResponse([{ type: 'thread.created', thread: thread('thr_new') }]));
    const { el, eventsNamed } = mountElement(api);
    await el.setThreadId('thr_1');
    await el.sendUserMessage({ text: 'Fresh start', newThread: true });
    expect(api.callsOf('threads.create')).toHaveLength(1);
    expect(eventsNamed('chatkit.thread.change').at(-1)).toEqual({ threadId: 'thr_new' });
  });

  it('setComposerValue and focusComposer drive the composer', async () => {
    const api = new FakeChatKitApi();
    const { el, root, input } = mountElement(api);
    await el.setComposerValue({ text: 'Prefilled' });
    await el.focusComposer();
    expect(input().value).toBe('Prefilled');
    expect(root.activeElement).toBe(input());
  });
});

describe('<openai-chatkit> built-in: item actions', () => {
  it('feedback thumbs send items.feedback once and show the choice', async () => {
    const api = historyApi();
    api.on('items.feedback', () => jsonResponse({}));
    const { el, $ } = mountElement(api, { threadItemActions: { feedback: true } });
    await el.setThreadId('thr_1');
    const up = $<HTMLButtonElement>('.feedback-positive')!;
    expect(up.getAttribute('aria-label')).toBe('Good response');
    up.click();
    await vi.waitFor(() => expect(api.callsOf('items.feedback')).toHaveLength(1));
    expect(api.callsOf('items.feedback')[0]?.params).toEqual({ thread_id: 'thr_1', item_ids: ['msg_a1'], kind: 'positive' });
    expect($('.feedback-positive')?.getAttribute('aria-pressed')).toBe('true');
    expect($<HTMLButtonElement>('.feedback-negative')?.disabled).toBe(true);
  });

  it('no feedback buttons unless enabled', async () => {
    const api = historyApi();
    const { el, $ } = mountElement(api);
    await el.setThreadId('thr_1');
    expect($('.feedback-positive')).toBeNull();
  });

  it('the retry action regenerates the last answer from its user message', async () => {
    const api = historyApi();
    api.on('threads.retry_after_item', () => sseResponse(answerEvents('thr_1', 'msg_u1', 'How much?', 'msg_a9', ['12 €']).slice(1)));
    const { el, $, $$ } = mountElement(api, { threadItemActions: { retry: true } });
    await el.setThreadId('thr_1');
    $<HTMLButtonElement>('.retry-item')!.click();
    await vi.waitFor(() => expect($('.msg.assistant[data-item-id="msg_a9"]')).not.toBeNull());
    expect(api.callsOf('threads.retry_after_item')[0]?.params).toEqual({ thread_id: 'thr_1', item_id: 'msg_u1' });
    // The old answer is gone, as on the server.
    expect($$('.msg').map((m) => m.getAttribute('data-item-id'))).toEqual(['msg_u1', 'msg_a9']);
  });

  it('sendCustomAction streams threads.custom_action on the current thread', async () => {
    const api = historyApi();
    api.on('threads.custom_action', () => sseResponse([{ type: 'notice', level: 'info', message: 'Done' }]));
    const { el, $ } = mountElement(api);
    await el.setThreadId('thr_1');
    await el.sendCustomAction({ type: 'approve', payload: { id: 1 } }, 'msg_a1');
    expect(api.callsOf('threads.custom_action')[0]?.params).toEqual({ thread_id: 'thr_1', item_id: 'msg_a1', action: { type: 'approve', payload: { id: 1 } } });
    expect($('.notice')?.textContent).toBe('Done');
  });
});
