import type { WorkflowChatProps } from '@wfchat/chatkit';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { apiError, json, mockApi, type Handler } from '../test/mock-api.js';
import { ChatBubble } from './ChatBubble.js';

// Records when the chat package is first imported: it must not be part of the page until the bubble opens.
const chat = vi.hoisted(() => ({ loaded: false, props: null as WorkflowChatProps | null }));
vi.mock('@wfchat/chatkit', () => {
  chat.loaded = true;
  return {
    WorkflowChat: (props: WorkflowChatProps) => {
      chat.props = props;
      return <div data-testid="workflow-chat">{props.greeting}</div>;
    },
  };
});

const session = () => ({ token: 'canvas-jwt', expiresAt: new Date(Date.now() + 300_000).toISOString() });

function open(routes: Record<string, Handler> = {}, onRunStatus?: (status: unknown) => void) {
  const api = mockApi({
    'POST /api/telemetry': () => json(204, null),
    'POST /api/workflows/wf_1/chatkit/session': () => json(200, session()),
    ...routes,
  });
  const props = {
    workflowId: 'wf_1',
    appearance: { title: 'Support bot', greeting: 'Draft greeting', theme: { colorScheme: 'dark' as const } },
    onRunStatus,
  };
  const view = render(<ChatBubble {...props} resetKey="wf_1:0" />);
  return { api, rerender: (resetKey: string) => view.rerender(<ChatBubble {...props} resetKey={resetKey} />) };
}

const telemetry = (api: ReturnType<typeof mockApi>) =>
  api.callsTo('POST /api/telemetry').map((c) => {
    expect(c.init?.keepalive).toBe(true);
    return c.body;
  });

describe('Canvas chat bubble', () => {
  it('lazy-loads the chat on open, mints a canvas token, and records open/success/close', async () => {
    const { api } = open();
    expect(chat.loaded).toBe(false);
    expect(screen.queryByTestId('canvas-chat-panel')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Test chat' }));
    expect(await screen.findByTestId('workflow-chat')).toBeTruthy();
    expect(chat.loaded).toBe(true);
    expect(screen.getByText('Draft greeting')).toBeTruthy();
    expect(chat.props).toMatchObject({ title: 'Support bot', theme: { colorScheme: 'dark' } });
    expect(api.callsTo('POST /api/workflows/wf_1/chatkit/session')).toHaveLength(1);
    // The chat's first token is the one minted while loading; later ones are minted again.
    expect((await chat.props!.getToken()).token).toBe('canvas-jwt');
    expect(api.callsTo('POST /api/workflows/wf_1/chatkit/session')).toHaveLength(1);

    fireEvent.click(screen.getByRole('button', { name: 'Close chat' }));
    expect(screen.queryByTestId('canvas-chat-panel')).toBeNull();
    await waitFor(() =>
      expect(telemetry(api)).toEqual([
        { event: 'canvas.chat.open', workflowId: 'wf_1' },
        { event: 'canvas.chat.session.success', workflowId: 'wf_1' },
        { event: 'canvas.chat.close', workflowId: 'wf_1' },
      ]),
    );
  });

  it('shows the failure with Retry and records it with its code', async () => {
    let calls = 0;
    const { api } = open({
      'POST /api/workflows/wf_1/chatkit/session': () =>
        ++calls === 1 ? apiError(429, 'rate_limited', { 'Retry-After': '12' }) : json(200, session()),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Test chat' }));
    const error = await screen.findByTestId('canvas-chat-error');
    expect(error.textContent).toContain('Wait 12 s');
    expect(telemetry(api)).toContainEqual({
      event: 'canvas.chat.session.failure',
      workflowId: 'wf_1',
      code: 'rate_limited',
    });

    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('workflow-chat')).toBeTruthy();
    expect(telemetry(api)).toContainEqual({ event: 'canvas.chat.session.success', workflowId: 'wf_1' });
  });

  it('restarts with a new session when the workflow is saved (new reset key)', async () => {
    const { api, rerender } = open();
    fireEvent.click(screen.getByRole('button', { name: 'Test chat' }));
    await screen.findByTestId('workflow-chat');
    rerender('wf_1:1');
    await waitFor(() => expect(api.callsTo('POST /api/workflows/wf_1/chatkit/session')).toHaveLength(2));
    expect(await screen.findByTestId('workflow-chat')).toBeTruthy();
  });

  it('switches to the error state with Retry when the chat reports a failure', async () => {
    open();
    fireEvent.click(screen.getByRole('button', { name: 'Test chat' }));
    await screen.findByTestId('workflow-chat');
    act(() => chat.props!.onError!({ status: 503, code: 'service.unavailable', message: 'down' }));
    expect((await screen.findByTestId('canvas-chat-error')).textContent).toContain('not reachable');
  });
});

describe('Canvas chat bubble: the run trace', () => {
  it("asks for the run trace, and hands each run status effect to the page (other effects are ignored)", async () => {
    const statuses: unknown[] = [];
    open({}, (status) => statuses.push(status));
    fireEvent.click(screen.getByRole('button', { name: 'Test chat' }));
    await screen.findByTestId('workflow-chat');
    expect(chat.props!.apiUrl).toBe('/api/chatkit?trace=1');

    const nodes = { ask: { status: 'done', durationMs: 3 }, lookup: { status: 'failed', durationMs: 12 } };
    act(() => {
      chat.props!.onEffect!({ name: 'something.else', data: { nodes } });
      chat.props!.onEffect!({ name: 'canvas.run_status', data: { nodes: { ask: { status: 'exploded' } } } });
      chat.props!.onEffect!({ name: 'canvas.run_status', data: { nodes } });
    });
    expect(statuses).toEqual([nodes]);
  });
});
