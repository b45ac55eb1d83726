import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeChatKitApi, NOW, sseResponse, thread } from '../test/fake-chatkit-api.js';
import { cleanupElements, mountElement } from '../test/mount-element.js';

afterEach(cleanupElements);

const choices = {
  id: 'wdg_1',
  thread_id: 'thr_1',
  created_at: NOW,
  type: 'widget',
  widget: {
    type: 'Card',
    children: [
      { type: 'Markdown', value: 'Which **plan**? <img src=x onerror=alert(1)>' },
      { type: 'Divider' },
      {
        type: 'Row',
        children: [
          { type: 'Button', label: 'Basic', onClickAction: { type: 'choice', payload: { value: 'basic' } } },
          { type: 'Button', label: 'Pro', style: 'secondary', onClickAction: { type: 'choice', payload: { value: 'pro' } } },
          { type: 'Button', label: 'No action' },
        ],
      },
      { type: 'Image', src: 'https://evil.example/pixel.png' },
      { type: 'Text', value: 'Pick one.' },
    ],
  },
};

function widgetThread() {
  const api = new FakeChatKitApi();
  api.on('threads.create', () =>
    sseResponse([
      { type: 'thread.created', thread: thread('thr_1') },
      { type: 'thread.item.done', item: choices },
    ]),
  );
  return api;
}

describe('<openai-chatkit> built-in: widgets', () => {
  it('renders the Card/Markdown/Divider/Row/Button/Text subset and leaves other components out', async () => {
    const { $, $$, type, press } = mountElement(widgetThread());
    type('Hi');
    press('Enter');
    await vi.waitFor(() => expect($('.widget-item .w-card')).not.toBeNull());
    expect($('.w-markdown strong')?.textContent).toBe('plan');
    expect($('.widget img')).toBeNull();
    expect($('.w-divider')).not.toBeNull();
    expect($$('.w-row .w-button').map((b) => b.textContent)).toEqual(['Basic', 'Pro', 'No action']);
    expect($('.w-text')?.textContent).toBe('Pick one.');
  });

  it('sends a button action as threads.custom_action for the item, then disables every choice', async () => {
    const api = widgetThread();
    const custom = api.onStream('threads.custom_action');
    const { $$, type, press, input } = mountElement(api);
    type('Hi');
    press('Enter');
    await vi.waitFor(() => expect(input().disabled).toBe(false));
    const buttons = $$<HTMLButtonElement>('.w-button');
    expect(buttons.map((b) => b.disabled)).toEqual([false, false, true]);
    buttons[1]!.click();
    await vi.waitFor(() => expect(api.callsOf('threads.custom_action')).toHaveLength(1));
    expect(api.callsOf('threads.custom_action')[0]?.params).toEqual({
      thread_id: 'thr_1',
      item_id: 'wdg_1',
      action: { type: 'choice', payload: { value: 'pro' } },
    });
    custom().close();
    await vi.waitFor(() => expect(input().disabled).toBe(false));
    expect($$<HTMLButtonElement>('.w-button').every((b) => b.disabled)).toBe(true);
    $$<HTMLButtonElement>('.w-button')[0]!.click();
    expect(api.callsOf('threads.custom_action')).toHaveLength(1);
  });

  it('hands client actions to widgets.onAction instead of the server', async () => {
    const onAction = vi.fn(async () => undefined);
    const api = new FakeChatKitApi();
    const item = {
      ...choices,
      widget: { type: 'Card', children: [{ type: 'Button', label: 'Open', onClickAction: { type: 'open', handler: 'client' } }] },
    };
    api.on('threads.create', () => sseResponse([{ type: 'thread.created', thread: thread('thr_1') }, { type: 'thread.item.done', item }]));
    const { $, type, press, input } = mountElement(api, { widgets: { onAction } });
    type('Hi');
    press('Enter');
    await vi.waitFor(() => expect(input().disabled).toBe(false));
    $<HTMLButtonElement>('.w-button')!.click();
    await vi.waitFor(() => expect(onAction).toHaveBeenCalledTimes(1));
    expect(onAction).toHaveBeenCalledWith({ type: 'open' }, { id: 'wdg_1', widget: item.widget });
    expect(api.callsOf('threads.custom_action')).toHaveLength(0);
  });
});

describe('<openai-chatkit> built-in: workflow items', () => {
  it('shows the steps with their status, open while running, and applies task updates', async () => {
    const api = new FakeChatKitApi();
    const stream = api.onStream('threads.create');
    const { $, $$, type, press, input } = mountElement(api, { locale: 'de' });
    type('Hi');
    press('Enter');
    await vi.waitFor(() => expect(api.callsOf('threads.create')).toHaveLength(1));
    const s = stream();
    s.send({ type: 'thread.created', thread: thread('thr_1') });
    const workflow = { type: 'custom', tasks: [{ type: 'custom', title: 'Search', status_indicator: 'complete' }], expanded: false };
    s.send({ type: 'thread.item.added', item: { id: 'wf_1', thread_id: 'thr_1', created_at: NOW, type: 'workflow', workflow } });
    s.send({
      type: 'thread.item.updated',
      item_id: 'wf_1',
      update: { type: 'workflow.task.added', task_index: 1, task: { type: 'custom', title: 'Summarise', content: 'Using **3** sources', status_indicator: 'loading' } },
    });
    await vi.waitFor(() => expect($$('.workflow .step')).toHaveLength(2));
    expect($$('.step').map((step) => step.getAttribute('data-status'))).toEqual(['complete', 'loading']);
    expect($('.step[data-status="loading"] .sr-only')?.textContent).toBe(' (läuft)');
    expect($('.step-content strong')?.textContent).toBe('3');
    expect($('.workflow summary')?.textContent).toBe('Schritte (2)');

    const done = { ...workflow, tasks: [workflow.tasks[0], { type: 'custom', title: 'Summarise', status_indicator: 'complete' }], summary: { duration: 4 } };
    s.send({ type: 'thread.item.done', item: { id: 'wf_1', thread_id: 'thr_1', created_at: NOW, type: 'workflow', workflow: done } });
    s.close();
    await vi.waitFor(() => expect(input().disabled).toBe(false));
    expect($<HTMLDetailsElement>('details.workflow')?.open).toBe(false);
    expect($('.workflow summary')?.textContent).toBe(`Arbeitete ${new Intl.NumberFormat('de', { style: 'unit', unit: 'second', unitDisplay: 'long' }).format(4)}`);
  });

  it("renders the server's Canvas run trace: folded once done, the failing step named, the run status sent to the page", async () => {
    const api = new FakeChatKitApi();
    const stream = api.onStream('threads.create');
    const { $, $$, type, press, input, eventsNamed } = mountElement(api);
    type('order 42');
    press('Enter');
    await vi.waitFor(() => expect(api.callsOf('threads.create')).toHaveLength(1));
    const s = stream();
    s.send({ type: 'thread.created', thread: thread('thr_1') });
    const item = { id: 'wf_1', thread_id: 'thr_1', created_at: NOW, type: 'workflow' };
    s.send({ type: 'thread.item.added', item: { ...item, workflow: { type: 'custom', tasks: [], expanded: false } } });
    const ask = { type: 'custom', title: 'ask (template)', content: '3 ms · order 42', status_indicator: 'complete' };
    const lookup = { type: 'custom', title: 'Failed: lookup (http)', content: '12 ms · This step may not call a private address.', status_indicator: 'none' };
    s.send({ type: 'thread.item.updated', item_id: 'wf_1', update: { type: 'workflow.task.added', task_index: 0, task: { ...ask, content: undefined, status_indicator: 'loading' } } });
    s.send({ type: 'thread.item.updated', item_id: 'wf_1', update: { type: 'workflow.task.updated', task_index: 0, task: ask } });
    s.send({ type: 'thread.item.updated', item_id: 'wf_1', update: { type: 'workflow.task.added', task_index: 1, task: { ...lookup, title: 'lookup (http)', content: undefined, status_indicator: 'loading' } } });
    s.send({ type: 'client_effect', name: 'canvas.run_status', data: { nodes: { ask: { status: 'done', durationMs: 3 }, lookup: { status: 'running' } } } });
    await vi.waitFor(() => expect($$('.workflow .step')).toHaveLength(2));
    // Open while it runs.
    expect($<HTMLDetailsElement>('details.workflow')?.open).toBe(true);
    s.send({ type: 'thread.item.updated', item_id: 'wf_1', update: { type: 'workflow.task.updated', task_index: 1, task: lookup } });
    s.send({ type: 'thread.item.done', item: { ...item, workflow: { type: 'custom', tasks: [ask, lookup], expanded: false, summary: { duration: 0.1 } } } });
    s.send({ type: 'error', code: 'custom', message: 'This step may not call a private address.', allow_retry: false });
    s.close();
    await vi.waitFor(() => expect(input().disabled).toBe(false));

    const details = $<HTMLDetailsElement>('details.workflow')!;
    expect(details.open).toBe(false);
    expect($$('.step-title').map((title) => title.textContent)).toEqual(['ask (template)', 'Failed: lookup (http)']);
    expect($$('.step').map((step) => step.getAttribute('data-status'))).toEqual(['complete', 'none']);
    expect($$('.step-content')[1]?.textContent).toContain('private address');
    // Collapsible: the author can open it again.
    $<HTMLElement>('details.workflow summary')!.click();
    expect(details.open).toBe(true);
    expect(eventsNamed('chatkit.effect')).toEqual([
      { name: 'canvas.run_status', data: { nodes: { ask: { status: 'done', durationMs: 3 }, lookup: { status: 'running' } } } },
    ]);
  });
});
