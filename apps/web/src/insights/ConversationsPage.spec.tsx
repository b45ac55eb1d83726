import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { workflowFixture } from '../test/fixtures.js';
import { json, mockApi } from '../test/mock-api.js';
import { ConversationsPage } from './ConversationsPage.js';

const conversation = (threadId: string, title: string, negative = 0) => ({
  threadId,
  title,
  visitor: { kind: 'visitor', label: 'Visitor 0a1b2c3d' },
  linkId: null,
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:01:00.000Z',
  messages: 2,
  feedback: { positive: 0, negative },
});

function open(entry = '/workflows/wf_1/conversations') {
  const api = mockApi({
    'GET /api/workflows/wf_1': () => json(200, workflowFixture()),
    'GET /api/workflows/wf_1/conversations': ({ init }) => {
      void init;
      return json(200, {
        data: [conversation('thr_1', 'Refund please', 1), conversation('thr_2', 'Hello')],
        next: null,
      });
    },
    'GET /api/workflows/wf_1/conversations/thr_1': () =>
      json(200, {
        conversation: conversation('thr_1', 'Refund please', 1),
        items: [
          {
            id: 'msg_1',
            thread_id: 'thr_1',
            created_at: '2026-03-01T10:00:00.000Z',
            type: 'user_message',
            content: [{ type: 'input_text', text: '<b>Refund</b> please' }],
            attachments: [],
            inference_options: {},
            feedback: null,
          },
          {
            id: 'msg_2',
            thread_id: 'thr_1',
            created_at: '2026-03-01T10:00:01.000Z',
            type: 'assistant_message',
            content: [{ type: 'output_text', text: 'No.', annotations: [] }],
            feedback: 'negative',
          },
        ],
      }),
  });
  const router = createMemoryRouter([{ path: '/workflows/:workflowId/conversations', Component: ConversationsPage }], {
    initialEntries: [entry],
  });
  render(<RouterProvider router={router} />);
  return { api, router };
}

describe('ConversationsPage', () => {
  it('lists conversations, puts filters in the address and the API query, and opens a transcript as text', async () => {
    const { api, router } = open();
    expect(await screen.findAllByTestId('conversation')).toHaveLength(2);
    expect(screen.getByText('1 thumbs down')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Feedback'), { target: { value: 'negative' } });
    fireEvent.change(screen.getByLabelText('Contains'), { target: { value: 'refund' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(router.state.location.search).toBe('?feedback=negative&q=refund'));
    await waitFor(() => {
      const last = api.fetch.mock.calls.at(-1)![0] as string;
      expect(last).toBe('/api/workflows/wf_1/conversations?feedback=negative&q=refund');
    });
    const csv = screen.getByRole('link', { name: 'Export CSV' }) as HTMLAnchorElement;
    expect(csv.getAttribute('href')).toBe(
      '/api/workflows/wf_1/conversations/export?feedback=negative&q=refund&format=csv',
    );

    fireEvent.click((await screen.findAllByTestId('conversation'))[0]!);
    const transcript = await screen.findByTestId('transcript');
    await waitFor(() => expect(transcript.textContent).toContain('<b>Refund</b> please'));
    // A visitor's markup is shown as text, never rendered.
    expect(transcript.querySelector('b')).toBeNull();
    expect(screen.getByTestId('feedback-negative').textContent).toBe('Thumbs down');
  });

  it('says what to do when nothing matches the filters', async () => {
    mockApi({
      'GET /api/workflows/wf_1': () => json(200, workflowFixture()),
      'GET /api/workflows/wf_1/conversations': () => json(200, { data: [], next: null }),
    });
    const router = createMemoryRouter(
      [{ path: '/workflows/:workflowId/conversations', Component: ConversationsPage }],
      {
        initialEntries: ['/workflows/wf_1/conversations?feedback=positive'],
      },
    );
    render(<RouterProvider router={router} />);
    expect((await screen.findByTestId('no-conversations')).textContent).toContain('Clear them');
  });
});
