import { afterEach, describe, expect, it, vi } from 'vitest';
import { assistantMessage, FakeChatKitApi, textDelta, thread } from '../test/fake-chatkit-api.js';
import { cleanupElements, mountElement } from '../test/mount-element.js';

// Count renders of assistant text: every render parses the whole answer once.
const renders = vi.hoisted(() => ({ count: 0 }));
vi.mock('./views/markdown-loader.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('./views/markdown-loader.js')>();
  await original.loadMarkdown();
  return {
    ...original,
    markdown: (...args: Parameters<typeof original.markdown>) => {
      renders.count++;
      return original.markdown(...args);
    },
  };
});

afterEach(() => {
  cleanupElements();
  vi.unstubAllGlobals();
});

/** Animation frames that run only when the test says so. */
function manualFrames() {
  let callbacks: FrameRequestCallback[] = [];
  let next = 1;
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
    callbacks.push(callback);
    return next++;
  });
  vi.stubGlobal('cancelAnimationFrame', () => {
    callbacks = [];
  });
  return {
    pending: () => callbacks.length,
    run() {
      const due = callbacks;
      callbacks = [];
      for (const callback of due) callback(performance.now());
    },
  };
}

describe('<openai-chatkit> built-in: streaming renders', () => {
  it('renders many deltas that arrive within one frame once, and the whole text at the end', async () => {
    const frames = manualFrames();
    const api = new FakeChatKitApi();
    const stream = api.onStream('threads.create');
    const { $, type, press } = mountElement(api);
    type('hi');
    press('Enter');
    await vi.waitFor(() => expect(api.callsOf('threads.create')).toHaveLength(1));
    const s = stream();
    s.send({ type: 'thread.created', thread: thread('thr_1') });
    s.send({ type: 'thread.item.added', item: assistantMessage('msg_a1', 'thr_1', null) });
    await vi.waitFor(() => expect($('.msg.assistant')).not.toBeNull());

    const before = renders.count;
    const deltas = Array.from({ length: 200 }, (_, i) => `word${i} `);
    for (const delta of deltas) s.send(textDelta('msg_a1', delta));
    // Events are handled in order: once this title shows, every delta before it was read.
    s.send({ type: 'thread.updated', thread: thread('thr_1', 'All deltas read') });
    await vi.waitFor(() => expect($('.title')?.textContent).toBe('All deltas read'));
    expect(renders.count).toBe(before);
    expect(frames.pending()).toBe(1);
    frames.run();
    expect(renders.count).toBe(before + 1);
    expect($('.msg.assistant .bubble')?.textContent?.trim()).toBe(deltas.join('').trim());

    const rendersBeforeDone = renders.count;
    const full = `${deltas.join('')}**end**`;
    s.send({ type: 'thread.item.done', item: assistantMessage('msg_a1', 'thr_1', full) });
    s.close();
    // The final text shows at once, without waiting for a frame.
    await vi.waitFor(() => expect($('.msg.assistant .bubble strong')?.textContent).toBe('end'));
    expect(renders.count).toBeGreaterThan(rendersBeforeDone);
    expect(frames.pending()).toBe(0);
  });
});
