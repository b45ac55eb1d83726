import { demoDefinition } from '@wfchat/contracts';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { resetConfigCache } from '../lib/config.js';
import { publishedFixture, workflowFixture } from '../test/fixtures.js';
import { json, mockApi, type Handler } from '../test/mock-api.js';
import { WorkflowsPage } from './WorkflowsPage.js';

function open(routes: Record<string, Handler> = {}) {
  const api = mockApi({
    'GET /api/workflows': () =>
      json(200, {
        data: [
          workflowFixture({ id: 'wf_1', name: 'Private one' }),
          {
            ...publishedFixture({ requireLogin: true, publishTokenRotatedAt: '2025-01-05T10:00:00.000Z' }),
            id: 'wf_2',
            name: 'Shared one',
          },
        ],
      }),
    ...routes,
  });
  const router = createMemoryRouter(
    [
      { path: '/', Component: WorkflowsPage },
      { path: '/workflows/:id', Component: () => <p>workflow page</p> },
    ],
    { initialEntries: ['/'] },
  );
  render(<RouterProvider router={router} />);
  return { api, router };
}

describe('workflows list', () => {
  it('lists workflows with their publish status', async () => {
    open();
    const privateRow = await screen.findByTestId('workflow-row-wf_1');
    expect(within(privateRow).getByRole('link', { name: 'Private one' }).getAttribute('href')).toBe('/workflows/wf_1');
    expect(privateRow.textContent).toContain('Private');
    const sharedRow = screen.getByTestId('workflow-row-wf_2');
    expect(sharedRow.textContent).toContain('Public');
    expect(sharedRow.textContent).toContain('Sign-in required');
    expect(sharedRow.textContent).toContain('link rotated');
  });

  it('creates a workflow from the FAQ starter and opens it', async () => {
    const { api, router } = open({ 'POST /api/workflows': () => json(201, workflowFixture({ id: 'wf_new' })) });
    await screen.findByTestId('workflows-table');
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'FAQ' } });
    fireEvent.change(screen.getByLabelText('Start from'), { target: { value: 'faq' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create workflow' }));
    expect(await screen.findByText('workflow page')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/workflows/wf_new');
    expect(api.callsTo('POST /api/workflows')[0]!.body).toEqual({
      name: 'FAQ',
      definition: demoDefinition({ withLlm: false }),
    });
  });

  it('deletes only after confirmation', async () => {
    const { api } = open({ 'DELETE /api/workflows/wf_1': () => json(204, null) });
    await screen.findByTestId('workflows-table');
    fireEvent.click(screen.getByRole('button', { name: 'Delete Private one' }));
    expect(api.callsTo('DELETE /api/workflows/wf_1')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByTestId('workflow-row-wf_1')).toBeNull());
    expect(api.callsTo('DELETE /api/workflows/wf_1')).toHaveLength(1);
  });
});

describe('workflow templates', () => {
  const config = (llm: boolean) => () =>
    json(200, {
      features: { publish: true, canvasChat: true, llm },
      chatkit: { element: 'builtin', domainKey: null },
      auth: { signupAllowed: true, oidc: null },
    });

  it('marks a template with an LLM step as needing an LLM provider, not creatable, when none is configured', async () => {
    resetConfigCache();
    open({ 'GET /api/config': config(false) });
    const hint = await screen.findByTestId('llm-templates-hint');
    expect(hint.textContent).toContain('LLM_BASE_URL');
    const option = screen.getByRole('option', { name: /LLM fallback/ }) as HTMLOptionElement;
    expect(option.textContent).toBe('FAQ router with an LLM fallback (needs an LLM provider)');
    expect(option.disabled).toBe(true);
    expect((screen.getByRole('option', { name: /^FAQ router \(pricing/ }) as HTMLOptionElement).disabled).toBe(false);
    resetConfigCache();
  });

  it('offers it when an LLM provider is configured', async () => {
    resetConfigCache();
    open({ 'GET /api/config': config(true) });
    await screen.findByTestId('workflows-table');
    await waitFor(() => expect(screen.getByRole('option', { name: 'FAQ router with an LLM fallback' })).toBeTruthy());
    expect((screen.getByRole('option', { name: 'FAQ router with an LLM fallback' }) as HTMLOptionElement).disabled).toBe(false);
    expect(screen.queryByTestId('llm-templates-hint')).toBeNull();
    resetConfigCache();
  });
});
