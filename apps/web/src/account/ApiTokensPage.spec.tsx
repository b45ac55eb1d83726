import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockApi } from '../test/mock-api.js';
import { ApiTokensPage } from './ApiTokensPage.js';

const existing = {
  id: 'tok_1',
  name: 'laptop',
  tokenHint: 'abcd',
  createdAt: '2026-01-02T10:00:00.000Z',
  lastUsedAt: null,
};
const secret = `wfa_${'x'.repeat(43)}`;

describe('API tokens page', () => {
  it('creates a token, shows it once with a warning, and lists it without the secret afterwards', async () => {
    const api = mockApi({
      'GET /api/auth/tokens': () => json(200, { data: [existing] }),
      'POST /api/auth/tokens': (call) =>
        json(201, {
          ...existing,
          id: 'tok_2',
          name: (call.body as { name: string }).name,
          tokenHint: 'xxxx',
          token: secret,
        }),
    });
    render(<ApiTokensPage />);
    expect(await screen.findByText('laptop')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Token name'), { target: { value: 'ci' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));
    const once = await screen.findByTestId('api-token-once');
    expect(within(once).getByLabelText('API token').getAttribute('value')).toBe(secret);
    expect(once.textContent).toContain('will not be shown again');
    expect(api.callsTo('POST /api/auth/tokens')[0]!.body).toEqual({ name: 'ci' });

    fireEvent.click(screen.getByRole('button', { name: 'I have copied the token' }));
    await waitFor(() => expect(screen.queryByTestId('api-token-once')).toBeNull());
    const table = screen.getByTestId('api-tokens-table');
    expect(table.textContent).toContain('ci');
    expect(table.textContent).toContain('…xxxx');
    expect(document.body.textContent).not.toContain(secret);
  });

  it('revokes a token only after confirmation', async () => {
    const api = mockApi({
      'GET /api/auth/tokens': () => json(200, { data: [existing] }),
      'DELETE /api/auth/tokens/tok_1': () => json(204, null),
    });
    render(<ApiTokensPage />);
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke laptop' }));
    expect(api.callsTo('DELETE /api/auth/tokens/tok_1')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(screen.queryByText('laptop')).toBeNull());
    expect(api.callsTo('DELETE /api/auth/tokens/tok_1')).toHaveLength(1);
    expect(await screen.findByText('No API tokens yet.')).toBeTruthy();
  });
});
