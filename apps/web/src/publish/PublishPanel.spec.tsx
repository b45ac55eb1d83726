import type { TWorkflow } from '@wfchat/contracts';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { publishedFixture, workflowFixture } from '../test/fixtures.js';
import { json, mockApi, type Handler } from '../test/mock-api.js';
import { PublishPanel } from './PublishPanel.js';

const TOKEN = 'wfp_' + 'b'.repeat(43);
const versions = [
  { number: 2, createdAt: '2025-01-02T10:00:00.000Z' },
  { number: 1, createdAt: '2025-01-01T10:00:00.000Z' },
];

function Host({ initial }: { initial: TWorkflow }) {
  const [workflow, setWorkflow] = useState(initial);
  return <PublishPanel workflow={workflow} versions={versions} onWorkflowChange={setWorkflow} />;
}

function open(initial: TWorkflow, routes: Record<string, Handler> = {}) {
  const api = mockApi({
    'GET /api/workflows/wf_1/audit': () =>
      json(200, {
        data: [
          {
            id: 'a1',
            action: 'publish',
            actor: { id: 'u1', email: 'owner@example.com', name: null },
            tokenHint: '…AbCd',
            details: null,
            createdAt: '2025-01-03T10:00:00.000Z',
          },
        ],
      }),
    ...routes,
  });
  render(<Host initial={initial} />);
  return api;
}

describe('publish panel', () => {
  it('publishes with the chosen options and shows the share link once, with a copy button and the warning', async () => {
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const api = open(workflowFixture(), {
      'POST /api/workflows/wf_1/publish': () =>
        json(201, {
          workflow: publishedFixture({ requireLogin: true, publishedVersion: 1 }),
          publishToken: TOKEN,
          shareUrl: `http://localhost/chat/wf_1#t=${TOKEN}`,
        }),
    });
    fireEvent.click(screen.getByLabelText('Require sign-in to chat'));
    fireEvent.change(screen.getByLabelText('Version to publish'), { target: { value: '1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Publish' }));

    const link = await screen.findByTestId('share-link');
    expect(api.callsTo('POST /api/workflows/wf_1/publish')[0]!.body).toEqual({ requireLogin: true, version: 1 });
    expect((screen.getByTestId('share-link-url') as HTMLInputElement).value).toBe(
      `http://localhost/chat/wf_1#t=${TOKEN}`,
    );
    expect(screen.getByTestId('share-link-warning').textContent).toContain('will not be shown again');
    fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(`http://localhost/chat/wf_1#t=${TOKEN}`));
    expect(link.textContent).toContain('Copied');

    // The panel now shows the published state, and once dismissed the token is gone for good.
    expect(screen.getByTestId('publish-state').textContent).toContain('Public since');
    fireEvent.click(screen.getByRole('button', { name: 'I have copied the link' }));
    expect(screen.queryByTestId('share-link')).toBeNull();
    expect(document.body.textContent).not.toContain(TOKEN);
  });

  it('rotates only after confirming that the old link stops working, then shows the new link once', async () => {
    const api = open(publishedFixture(), {
      'POST /api/workflows/wf_1/publish/rotate': () =>
        json(200, {
          workflow: publishedFixture({ publishTokenRotatedAt: '2025-01-04T10:00:00.000Z', tokenHint: 'bbbb' }),
          publishToken: TOKEN,
          shareUrl: `http://localhost/chat/wf_1#t=${TOKEN}`,
        }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Rotate link' }));
    expect(screen.getByTestId('rotate-confirm').textContent).toContain('The old link stops working');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(api.callsTo('POST /api/workflows/wf_1/publish/rotate')).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Rotate link' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, rotate' }));
    expect(await screen.findByTestId('share-link')).toBeTruthy();
    expect(api.callsTo('POST /api/workflows/wf_1/publish/rotate')).toHaveLength(1);
    expect(screen.getByTestId('publish-state').textContent).toContain('rotated');
  });

  it('unpublishes after confirmation', async () => {
    const api = open(publishedFixture(), {
      'POST /api/workflows/wf_1/publish/revoke': () => json(200, { workflow: workflowFixture() }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Unpublish' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, unpublish' }));
    await waitFor(() => expect(screen.getByTestId('publish-state').textContent).toContain('Private'));
    expect(api.callsTo('POST /api/workflows/wf_1/publish/revoke')).toHaveLength(1);
  });

  it('toggles require-login on a published workflow and lists the audit trail', async () => {
    const api = open(publishedFixture(), {
      'PATCH /api/workflows/wf_1/publish': () => json(200, { workflow: publishedFixture({ requireLogin: true }) }),
    });
    await waitFor(() => expect(screen.getByTestId('audit-list').textContent).toContain('owner@example.com'));
    const box = screen.getByLabelText('Require sign-in to chat') as HTMLInputElement;
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    await waitFor(() =>
      expect((screen.getByLabelText('Require sign-in to chat') as HTMLInputElement).checked).toBe(true),
    );
    expect(api.callsTo('PATCH /api/workflows/wf_1/publish')[0]!.body).toEqual({ requireLogin: true });
  });

  it('shows API errors by message', async () => {
    open(publishedFixture(), {
      'POST /api/workflows/wf_1/publish/revoke': () =>
        json(409, { code: 'publish.not_published', message: 'This workflow is not published.' }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Unpublish' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, unpublish' }));
    expect((await screen.findByTestId('publish-error')).textContent).toBe('This workflow is not published.');
  });
});
