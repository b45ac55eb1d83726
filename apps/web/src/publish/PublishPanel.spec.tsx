import type { TLink, TWorkflow } from '@wfchat/contracts';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { publishedFixture, workflowFixture } from '../test/fixtures.js';
import { json, mockApi, type Handler } from '../test/mock-api.js';
import { PublishPanel } from './PublishPanel.js';

const TOKEN = 'wfp_' + 'b'.repeat(43);
const URL_OF = (token: string) => `http://localhost/chat/wf_1#t=${token}`;

function linkFixture(overrides: Partial<TLink> = {}): TLink {
  return {
    id: 'lnk_1',
    label: 'Default link',
    kind: 'link',
    tokenHint: 'AbCd',
    allowedOrigins: [],
    createdAt: '2025-01-03T10:00:00.000Z',
    lastUsedAt: null,
    rotatedAt: null,
    ...overrides,
  };
}
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
    'GET /api/workflows/wf_1/links': () => json(200, { data: [linkFixture()] }),
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
          link: linkFixture(),
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
    // "Copied" is shown once the clipboard's promise settles, a tick after the call.
    await waitFor(() => expect(link.textContent).toContain('Copied'));

    // The panel now shows the published state, and once dismissed the token is gone for good.
    expect(screen.getByTestId('publish-state').textContent).toContain('Public since');
    fireEvent.click(screen.getByRole('button', { name: 'I have copied the link' }));
    expect(screen.queryByTestId('share-link')).toBeNull();
    expect(document.body.textContent).not.toContain(TOKEN);
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

describe('publish panel: links and embeds', () => {
  const OTHER = 'wfp_' + 'c'.repeat(43);
  const embed = linkFixture({
    id: 'lnk_2',
    label: 'Website',
    kind: 'embed',
    tokenHint: 'WxYz',
    allowedOrigins: ['https://www.example.com', 'https://shop.example.com'],
    lastUsedAt: '2025-01-05T10:00:00.000Z',
  });
  const row = (label: string) => within(screen.getByRole('listitem', { name: label }));

  it('lists each link with its label, kind, hint, last use and, for embeds, its websites', async () => {
    open(publishedFixture(), { 'GET /api/workflows/wf_1/links': () => json(200, { data: [linkFixture(), embed] }) });
    await screen.findByTestId('link-list');
    expect(screen.getByRole('listitem', { name: 'Default link' }).textContent).toMatch(/Link.*AbCd.*Never used/);
    const website = screen.getByRole('listitem', { name: 'Website' }).textContent;
    expect(website).toMatch(/Embed.*WxYz.*Last used/);
    expect(website).toContain('https://www.example.com, https://shop.example.com');
  });

  it('creates a named link and reveals it once, with copy and a QR code', async () => {
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const created = linkFixture({ id: 'lnk_3', label: 'Newsletter', tokenHint: 'cccc' });
    const api = open(publishedFixture(), {
      'POST /api/workflows/wf_1/links': () => {
        api.set({ 'GET /api/workflows/wf_1/links': () => json(200, { data: [linkFixture(), created] }) });
        return json(201, { link: created, publishToken: OTHER, shareUrl: URL_OF(OTHER) });
      },
    });
    await screen.findByTestId('link-list');
    fireEvent.click(screen.getByRole('button', { name: 'New link' }));
    fireEvent.click(screen.getByRole('button', { name: 'Create link' }));
    expect(screen.getByTestId('new-link-problem').textContent).toBe(
      'Give the link a label, e.g. "Newsletter" or "Website".',
    );
    expect(api.callsTo('POST /api/workflows/wf_1/links')).toHaveLength(0);

    fireEvent.change(screen.getByLabelText('Label'), { target: { value: ' Newsletter ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create link' }));
    const reveal = await screen.findByTestId('share-link');
    expect(api.callsTo('POST /api/workflows/wf_1/links')[0]!.body).toEqual({ label: 'Newsletter', kind: 'link' });
    expect(reveal.textContent).toContain('Newsletter');
    expect((screen.getByTestId('share-link-url') as HTMLInputElement).value).toBe(URL_OF(OTHER));
    const qr = screen.getByRole('img', { name: 'QR code of the link' });
    expect(qr.querySelector('path')!.getAttribute('d')).toMatch(/^M\d/);
    expect(screen.queryByTestId('embed-snippet')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(URL_OF(OTHER)));
    await waitFor(() => expect(screen.getByRole('listitem', { name: 'Newsletter' })).toBeTruthy());

    fireEvent.click(screen.getByRole('button', { name: 'I have copied the link' }));
    expect(document.body.textContent).not.toContain(OTHER);
  });

  it("checks an embed's websites in words, then reveals the snippet with its own copy button", async () => {
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const snippet = `<script src="http://localhost/embed.js" data-workflow="wf_1" data-token="${OTHER}" async></script>`;
    const api = open(publishedFixture(), {
      'POST /api/workflows/wf_1/links': () =>
        json(201, { link: embed, publishToken: OTHER, shareUrl: URL_OF(OTHER), embedSnippet: snippet }),
    });
    await screen.findByTestId('link-list');
    fireEvent.click(screen.getByRole('button', { name: 'New embed' }));
    fireEvent.change(screen.getByLabelText('Label'), { target: { value: 'Website' } });
    const origins = screen.getByLabelText('Websites allowed to show the chat');
    const problem = () => screen.getByTestId('new-link-problem').textContent;

    fireEvent.click(screen.getByRole('button', { name: 'Create embed' }));
    expect(problem()).toBe('List at least one website that may show the chat, e.g. https://www.example.com.');
    fireEvent.change(origins, { target: { value: 'https://www.example.com/\nshop.example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create embed' }));
    expect(problem()).toBe(
      '"https://www.example.com/" is not a website origin. Write only the scheme, host and port: https://www.example.com',
    );
    fireEvent.change(origins, { target: { value: 'https://www.example.com\nshop.example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create embed' }));
    expect(problem()).toContain('"shop.example.com" is not a website origin. Write it as https://host');
    expect(api.callsTo('POST /api/workflows/wf_1/links')).toHaveLength(0);

    fireEvent.change(origins, { target: { value: 'https://www.example.com\n https://shop.example.com \n' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create embed' }));
    expect(((await screen.findByTestId('embed-snippet')) as HTMLTextAreaElement).value).toBe(snippet);
    expect(api.callsTo('POST /api/workflows/wf_1/links')[0]!.body).toEqual({
      label: 'Website',
      kind: 'embed',
      allowedOrigins: ['https://www.example.com', 'https://shop.example.com'],
    });
    expect(screen.getByTestId('share-link-warning').textContent).toContain('only on the websites you listed');
    fireEvent.click(screen.getByRole('button', { name: 'Copy snippet' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(snippet));
  });

  it("explains the server's refusal inside the form", async () => {
    open(publishedFixture(), {
      'POST /api/workflows/wf_1/links': () =>
        json(400, {
          code: 'request.invalid',
          message: 'Invalid request: label: too long',
          issues: [{ path: 'label', message: 'Labels are at most 80 characters.' }],
        }),
    });
    await screen.findByTestId('link-list');
    fireEvent.click(screen.getByRole('button', { name: 'New link' }));
    fireEvent.change(screen.getByLabelText('Label'), { target: { value: 'Press' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create link' }));
    await waitFor(() =>
      expect(screen.getByTestId('new-link-problem').textContent).toBe('Labels are at most 80 characters.'),
    );
  });

  it('rotates one link after confirming and reveals its new token', async () => {
    const api = open(publishedFixture(), {
      'GET /api/workflows/wf_1/links': () => json(200, { data: [linkFixture(), embed] }),
      'POST /api/workflows/wf_1/links/lnk_1/rotate': () =>
        json(200, { link: linkFixture({ tokenHint: 'cccc' }), publishToken: OTHER, shareUrl: URL_OF(OTHER) }),
    });
    await screen.findByTestId('link-list');
    fireEvent.click(row('Default link').getByRole('button', { name: 'Rotate' }));
    expect(screen.getByTestId('link-rotate-confirm').textContent).toContain('the others keep working');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(api.callsTo('POST /api/workflows/wf_1/links/lnk_1/rotate')).toHaveLength(0);

    fireEvent.click(row('Default link').getByRole('button', { name: 'Rotate' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, rotate' }));
    await waitFor(() => expect((screen.getByTestId('share-link-url') as HTMLInputElement).value).toBe(URL_OF(OTHER)));
    expect(api.callsTo('POST /api/workflows/wf_1/links/lnk_1/rotate')).toHaveLength(1);
    expect(api.callsTo('POST /api/workflows/wf_1/links/lnk_2/rotate')).toHaveLength(0);
  });

  it('deletes one link after confirming', async () => {
    const api = open(publishedFixture(), {
      'GET /api/workflows/wf_1/links': () => json(200, { data: [linkFixture(), embed] }),
      'DELETE /api/workflows/wf_1/links/lnk_2': () => {
        api.set({ 'GET /api/workflows/wf_1/links': () => json(200, { data: [linkFixture()] }) });
        return json(204, null);
      },
    });
    await screen.findByTestId('link-list');
    fireEvent.click(row('Website').getByRole('button', { name: 'Delete' }));
    expect(screen.getByTestId('link-delete-confirm').textContent).toContain('Delete "Website"?');
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete' }));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Website' })).toBeNull());
    expect(api.callsTo('DELETE /api/workflows/wf_1/links/lnk_2')).toHaveLength(1);
    expect(screen.getByRole('listitem', { name: 'Default link' })).toBeTruthy();
  });

  it("edits an embed's label and websites in place, checked in words, without touching its token", async () => {
    const api = open(publishedFixture(), {
      'GET /api/workflows/wf_1/links': () => json(200, { data: [linkFixture(), embed] }),
      'PATCH /api/workflows/wf_1/links/lnk_2': (req) =>
        json(200, { link: { ...embed, ...(req.body as object) } }),
    });
    await screen.findByTestId('link-list');
    fireEvent.click(row('Website').getByRole('button', { name: 'Edit' }));
    const form = within(screen.getByRole('form', { name: 'Edit "Website"' }));
    const origins = form.getByLabelText('Websites allowed to show the chat') as HTMLTextAreaElement;
    expect(origins.value).toBe('https://www.example.com\nhttps://shop.example.com');

    fireEvent.change(origins, { target: { value: 'https://blog.example.com/' } });
    fireEvent.click(form.getByRole('button', { name: 'Save changes' }));
    expect(screen.getByTestId('edit-link-problem').textContent).toContain('Write only the scheme, host and port');
    expect(api.callsTo('PATCH /api/workflows/wf_1/links/lnk_2')).toHaveLength(0);

    fireEvent.change(form.getByLabelText('Label'), { target: { value: 'Blog' } });
    fireEvent.change(origins, { target: { value: 'https://blog.example.com' } });
    fireEvent.click(form.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByTestId('edit-link-form')).toBeNull());
    expect(api.callsTo('PATCH /api/workflows/wf_1/links/lnk_2')[0]!.body).toEqual({
      label: 'Blog',
      allowedOrigins: ['https://blog.example.com'],
    });
    expect(row('Blog').getByText('https://blog.example.com')).toBeTruthy();
    expect(screen.queryByTestId('share-link-url')).toBeNull(); // no token is revealed: it did not change
  });

  it('edits a link\'s label and keeps the form open with the reason when the server refuses', async () => {
    open(publishedFixture(), {
      'PATCH /api/workflows/wf_1/links/lnk_1': () =>
        json(400, {
          code: 'request.invalid',
          message: 'Invalid request: label: too long',
          issues: [{ path: 'label', message: 'Labels are at most 80 characters.' }],
        }),
    });
    await screen.findByTestId('link-list');
    fireEvent.click(row('Default link').getByRole('button', { name: 'Edit' }));
    expect(screen.queryByLabelText('Websites allowed to show the chat')).toBeNull();
    fireEvent.change(screen.getByLabelText('Label'), { target: { value: 'Press kit' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() =>
      expect(screen.getByTestId('edit-link-problem').textContent).toBe('Labels are at most 80 characters.'),
    );
    expect((screen.getByLabelText('Label') as HTMLInputElement).value).toBe('Press kit');
  });
});

describe('publish panel: published version vs latest saved', () => {
  it('says when the latest saved version is not the published one, and publishes it after confirming', async () => {
    const api = open(
      { ...publishedFixture({ publishedVersion: 1 }), latestVersion: 2 },
      {
        'PATCH /api/workflows/wf_1/publish': () =>
          json(200, { workflow: { ...publishedFixture({ publishedVersion: 2 }), latestVersion: 2 } }),
      },
    );
    const banner = screen.getByTestId('draft-differs');
    expect(banner.textContent).toContain('Visitors chat with v1');
    expect(banner.textContent).toContain('v2, is not published yet');
    fireEvent.click(within(banner).getByRole('button', { name: 'Publish this version' }));
    // Nothing changes before the author confirms.
    const confirm = screen.getByTestId('switch-version-confirm');
    expect(confirm.textContent).toContain('Publish v2 instead of v1?');
    expect(api.callsTo('PATCH /api/workflows/wf_1/publish')).toHaveLength(0);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Yes, publish v2' }));
    await waitFor(() => expect(screen.queryByTestId('draft-differs')).toBeNull());
    expect(api.callsTo('PATCH /api/workflows/wf_1/publish')[0]!.body).toEqual({ version: 2 });
    expect(screen.queryByTestId('switch-version-confirm')).toBeNull();
  });

  it('says nothing when the published version is the latest saved one', () => {
    open({ ...publishedFixture({ publishedVersion: 2 }), latestVersion: 2 });
    expect(screen.queryByTestId('draft-differs')).toBeNull();
  });

  it('asks before switching the published version from the list, and Cancel keeps the old one', async () => {
    const api = open(publishedFixture({ publishedVersion: 2 }), {
      'PATCH /api/workflows/wf_1/publish': () => json(200, { workflow: publishedFixture({ publishedVersion: 1 }) }),
    });
    const select = screen.getByLabelText('Published version') as HTMLSelectElement;
    fireEvent.change(select, { target: { value: '1' } });
    fireEvent.click(within(screen.getByTestId('switch-version-confirm')).getByRole('button', { name: 'Cancel' }));
    expect((screen.getByLabelText('Published version') as HTMLSelectElement).value).toBe('2');
    expect(api.callsTo('PATCH /api/workflows/wf_1/publish')).toHaveLength(0);

    fireEvent.change(screen.getByLabelText('Published version'), { target: { value: '1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Yes, publish v1' }));
    await waitFor(() => expect(api.callsTo('PATCH /api/workflows/wf_1/publish')).toHaveLength(1));
    expect(api.callsTo('PATCH /api/workflows/wf_1/publish')[0]!.body).toEqual({ version: 1 });
  });
});
