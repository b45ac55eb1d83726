import { defaultDefinition } from '@wfchat/contracts';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { workflowFixture } from '../test/fixtures.js';
import { apiError, json, mockApi, type Handler } from '../test/mock-api.js';
import { WorkflowPage } from './WorkflowPage.js';

const config = (publish: boolean, canvasChat: boolean) => ({
  features: { publish, canvasChat },
  chatkit: { element: 'builtin', domainKey: null },
  auth: { signupAllowed: true, oidc: null },
});

function open(routes: Record<string, Handler> = {}, features = { publish: false, canvasChat: false }) {
  return openAt(routes, features).api;
}

function openAt(routes: Record<string, Handler> = {}, features = { publish: false, canvasChat: false }) {
  const api = mockApi({
    'GET /api/config': () => json(200, config(features.publish, features.canvasChat)),
    'GET /api/workflows/wf_1': () => json(200, workflowFixture()),
    'GET /api/workflows/wf_1/versions': () =>
      json(200, {
        data: [
          { number: 2, createdAt: '2025-01-02T10:00:00.000Z' },
          { number: 1, createdAt: '2025-01-01T10:00:00.000Z' },
        ],
      }),
    'GET /api/workflows/wf_1/audit': () => json(200, { data: [] }),
    ...routes,
  });
  const router = createMemoryRouter(
    [
      { path: '/workflows/:workflowId', Component: WorkflowPage },
      { path: '/', Component: () => <h1>Workflows list</h1> },
    ],
    { initialEntries: ['/workflows/wf_1'] },
  );
  render(
    <StrictMode>
      <RouterProvider router={router} />
    </StrictMode>,
  );
  return { api, router };
}

const editor = () => screen.getByLabelText('Definition (JSON)') as HTMLTextAreaElement;
const saveButton = () => screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement;
const type = (value: unknown) =>
  fireEvent.change(editor(), { target: { value: typeof value === 'string' ? value : JSON.stringify(value, null, 2) } });

function withGreeting(greeting: string) {
  const d = defaultDefinition();
  return { ...d, chat: { ...d.chat, greeting } };
}

describe('workflow page: definition editor', () => {
  it('validates as you type: JSON errors, schema errors with paths, then valid', async () => {
    open();
    await screen.findByTestId('definition-valid');

    type('{ "v": 1, ');
    expect((await screen.findByTestId('definition-issues')).textContent).toContain('Not valid JSON');
    expect(saveButton().disabled).toBe(true);

    const d = defaultDefinition();
    type({ ...d, edges: [{ source: 'answer', target: 'nowhere' }] });
    const issues = await screen.findByTestId('definition-issues');
    expect(issues.textContent).toContain('edges.0.target');
    expect(issues.textContent).toContain('edge target "nowhere" is not a node');
    expect(saveButton().disabled).toBe(true);

    type(withGreeting('Hello there'));
    expect(await screen.findByTestId('definition-valid')).toBeTruthy();
    expect(saveButton().disabled).toBe(false);
  });

  it('saves with the version it loaded and shows the saved state', async () => {
    const api = open({
      'PATCH /api/workflows/wf_1': ({ body }) =>
        json(
          200,
          workflowFixture({
            version: 4,
            latestVersion: 3,
            definition: (body as { definition: Record<string, unknown> }).definition,
          }),
        ),
    });
    await screen.findByTestId('definition-valid');
    type(withGreeting('Hello there'));
    fireEvent.click(saveButton());
    expect(await screen.findByRole('status')).toBeTruthy();
    const patch = api.callsTo('PATCH /api/workflows/wf_1')[0]!.body as Record<string, unknown>;
    expect(patch.version).toBe(3);
    expect((patch.definition as { chat: { greeting: string } }).chat.greeting).toBe('Hello there');
    expect(saveButton().disabled).toBe(true); // nothing left to save
  });

  it('on 409 says the workflow changed elsewhere and Reload brings the latest version', async () => {
    let loads = 0;
    open({
      'GET /api/workflows/wf_1': () =>
        json(
          200,
          ++loads === 1 ? workflowFixture() : workflowFixture({ version: 5, definition: withGreeting('From the CLI') }),
        ),
      'PATCH /api/workflows/wf_1': () => apiError(409, 'workflow.version_conflict'),
    });
    await screen.findByTestId('definition-valid');
    type(withGreeting('Mine'));
    fireEvent.click(saveButton());
    const conflict = await screen.findByTestId('save-conflict');
    expect(conflict.textContent).toContain('changed elsewhere');
    expect(saveButton().disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(editor().value).toContain('From the CLI'));
    expect(screen.queryByTestId('save-conflict')).toBeNull();
  });

  it('shows the issues the server reports', async () => {
    open({
      'PATCH /api/workflows/wf_1': () =>
        json(400, {
          code: 'workflow.invalid_definition',
          message: 'invalid',
          issues: [{ path: 'nodes.0.config.template', message: 'too long for this server' }],
        }),
    });
    await screen.findByTestId('definition-valid');
    type(withGreeting('Mine'));
    fireEvent.click(saveButton());
    const issues = await screen.findByTestId('server-issues');
    expect(issues.textContent).toContain('nodes.0.config.template');
    expect(issues.textContent).toContain('too long for this server');
  });

  it('loads an older version into the editor', async () => {
    open({
      'GET /api/workflows/wf_1/versions/1': () =>
        json(200, { number: 1, createdAt: 'x', definition: withGreeting('Version one') }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Load v1 into editor' }));
    await waitFor(() => expect(editor().value).toContain('Version one'));
  });
});

describe('workflow page: leaving with unsaved changes', () => {
  it('asks before leaving; Stay keeps the edit, Leave goes; nothing is asked once saved', async () => {
    const { router } = openAt();
    await screen.findByTestId('definition-valid');
    void router.navigate('/');
    // Nothing changed yet: leaving is free.
    expect(await screen.findByText('Workflows list')).toBeTruthy();

    void router.navigate('/workflows/wf_1');
    await screen.findByTestId('definition-valid');
    type(withGreeting('Unsaved'));
    fireEvent.click(screen.getByRole('link', { name: '← Workflows' }));
    const guard = await screen.findByRole('alertdialog');
    expect(guard.textContent).toContain('Leave without saving?');
    fireEvent.click(screen.getByRole('button', { name: 'Stay and keep editing' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(editor().value).toContain('Unsaved');
    expect(router.state.location.pathname).toBe('/workflows/wf_1');

    fireEvent.click(screen.getByRole('link', { name: '← Workflows' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Leave and discard changes' }));
    expect(await screen.findByText('Workflows list')).toBeTruthy();
  });

  it('asks the browser to confirm closing the tab while changes are unsaved', async () => {
    open();
    await screen.findByTestId('definition-valid');
    const unload = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(unload()).toBe(false);
    type(withGreeting('Unsaved'));
    await waitFor(() => expect(unload()).toBe(true));
  });
});

describe('workflow page: feature flags', () => {
  it('hides the publish panel and the chat bubble when the features are off', async () => {
    open();
    await screen.findByTestId('definition-valid');
    expect(screen.queryByTestId('publish-panel')).toBeNull();
    expect(screen.queryByTestId('chat-bubble')).toBeNull();
    expect(screen.queryByTestId('last-run')).toBeNull();
  });

  it('shows them when on', async () => {
    open({}, { publish: true, canvasChat: true });
    expect(await screen.findByTestId('publish-panel')).toBeTruthy();
    expect(screen.getByTestId('chat-bubble')).toBeTruthy();
    // The test chat's last run has its place on the page before any run.
    expect(screen.getByTestId('last-run').textContent).toContain('Send a message in the test chat');
  });
});
