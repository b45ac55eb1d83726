import { afterEach, describe, expect, it, vi } from 'vitest';
import { assistantMessage, FakeChatKitApi, thread } from '../test/fake-chatkit-api.js';
import { cleanupElements, mountElement } from '../test/mount-element.js';

// Counts fetches of the Markdown view (a chunk of its own in the built page;
// asking again while it is on its way fetches nothing more, as in the loader).
// The test setup loads it up front; here it counts as there only once fetched.
const fetches = vi.hoisted(() => ({ count: 0, ready: false, loading: null as Promise<void> | null }));
vi.mock('./views/markdown-loader.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('./views/markdown-loader.js')>();
  return {
    ...original,
    markdownReady: () => fetches.ready,
    loadMarkdown: () => {
      if (!fetches.loading) {
        fetches.count++;
        fetches.loading = original.loadMarkdown().then(() => {
          fetches.ready = true;
        });
      }
      return fetches.loading;
    },
  };
});

afterEach(() => cleanupElements());

describe('<openai-chatkit> built-in: the Markdown view is fetched when the chat needs it', () => {
  it('not with the page, but once the visitor types; the answer then shows as Markdown', async () => {
    const api = new FakeChatKitApi();
    const stream = api.onStream('threads.create');
    const { $, type, press } = mountElement(api);
    await new Promise((r) => setTimeout(r, 20));
    expect(fetches.count).toBe(0);

    type('hi');
    press('Enter');
    expect(fetches.count).toBe(1);
    await vi.waitFor(() => expect(api.callsOf('threads.create')).toHaveLength(1));
    const s = stream();
    s.send({ type: 'thread.created', thread: thread('thr_1') });
    s.send({ type: 'thread.item.done', item: assistantMessage('msg_a1', 'thr_1', 'a **bold** answer') });
    s.close();
    await vi.waitFor(() => expect($('.msg.assistant .bubble strong')?.textContent).toBe('bold'));
    expect(fetches.count).toBe(1);
  });
});
