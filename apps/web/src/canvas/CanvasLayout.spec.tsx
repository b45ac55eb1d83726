import { fireEvent, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { apiError, json, mockApi } from '../test/mock-api.js';
import { CanvasLayout } from './CanvasLayout.js';

function LoginProbe() {
  const location = useLocation();
  return <p data-testid="login">{location.pathname + location.search}</p>;
}

function open(url: string) {
  const router = createMemoryRouter(
    [
      { Component: CanvasLayout, children: [{ path: '/workflows/:id', Component: () => <p>workflow page</p> }] },
      { path: '/login', Component: LoginProbe },
    ],
    { initialEntries: [url] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

describe('Canvas layout', () => {
  it('sends a signed-out author to /login with returnTo', async () => {
    mockApi({ 'GET /api/auth/me': () => apiError(401, 'auth.unauthenticated') });
    open('/workflows/wf_1');
    expect((await screen.findByTestId('login')).textContent).toBe('/login?returnTo=%2Fworkflows%2Fwf_1');
  });

  it('shows who is signed in and signs out', async () => {
    const api = mockApi({
      'GET /api/auth/me': () => json(200, { user: { id: 'u1', email: 'ann@example.com', name: null } }),
      'POST /api/auth/logout': () => json(204, null),
    });
    open('/workflows/wf_1');
    expect((await screen.findByTestId('signed-in-as')).textContent).toBe('Signed in as ann@example.com');
    expect(screen.getByText('workflow page')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect((await screen.findByTestId('login')).textContent).toBe('/login');
    expect(api.callsTo('POST /api/auth/logout')).toHaveLength(1);
  });
});
