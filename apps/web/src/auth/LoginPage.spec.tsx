import { fireEvent, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { apiError, json, mockApi } from '../test/mock-api.js';
import { LoginPage } from './LoginPage.js';
import { SignupPage } from './SignupPage.js';

const config = (oidc: { name: string } | null = null) => ({
  features: { publish: true, canvasChat: true },
  chatkit: { element: 'builtin', domainKey: null },
  auth: { signupAllowed: true, oidc },
});
const user = { id: 'u1', email: 'ann@example.com', name: null };

function open(url: string) {
  const router = createMemoryRouter(
    [
      { path: '/login', Component: LoginPage },
      { path: '/signup', Component: SignupPage },
      { path: '/', Component: () => <p>canvas home</p> },
      { path: '/chat/:id', Component: () => <p>chat page</p> },
    ],
    { initialEntries: [url] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

function submitLogin(email = 'ann@example.com', password = 'correct horse') {
  fireEvent.change(screen.getByLabelText('Email'), { target: { value: email } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('sign-in', () => {
  it('shows wrong credentials from the error code and stays on the page', async () => {
    const api = mockApi({
      'GET /api/config': () => json(200, config()),
      'POST /api/auth/login': () => apiError(401, 'auth.invalid_credentials'),
    });
    const router = open('/login');
    submitLogin();
    expect((await screen.findByTestId('auth-error')).textContent).toBe('Wrong email or password.');
    expect(router.state.location.pathname).toBe('/login');
    expect(api.callsTo('POST /api/auth/login')[0]!.body).toEqual({
      email: 'ann@example.com',
      password: 'correct horse',
    });
    expect(api.callsTo('POST /api/auth/login')[0]!.init?.credentials).toBe('same-origin');
  });

  it('shows how long to wait when rate limited', async () => {
    mockApi({
      'GET /api/config': () => json(200, config()),
      'POST /api/auth/login': () => apiError(429, 'rate_limited', { 'Retry-After': '30' }),
    });
    open('/login');
    submitLogin();
    expect((await screen.findByTestId('auth-error')).textContent).toBe('Too many attempts. Try again in 30 seconds.');
  });

  it('returns to a same-site returnTo after signing in', async () => {
    mockApi({ 'GET /api/config': () => json(200, config()), 'POST /api/auth/login': () => json(200, { user }) });
    const router = open('/login?returnTo=%2Fchat%2Fwf_1');
    submitLogin();
    expect(await screen.findByText('chat page')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/chat/wf_1');
  });

  it.each(['https://evil.example/x', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)'])(
    'ignores an off-site returnTo (%s) and goes to Canvas',
    async (returnTo) => {
      mockApi({ 'GET /api/config': () => json(200, config()), 'POST /api/auth/login': () => json(200, { user }) });
      const router = open(`/login?returnTo=${encodeURIComponent(returnTo)}`);
      submitLogin();
      expect(await screen.findByText('canvas home')).toBeTruthy();
      expect(router.state.location.pathname).toBe('/');
    },
  );

  it('offers the configured OIDC provider and passes returnTo along', async () => {
    mockApi({ 'GET /api/config': () => json(200, config({ name: 'Acme SSO' })) });
    const assign = vi.fn();
    vi.spyOn(window, 'location', 'get').mockReturnValue({ ...window.location, assign } as Location);
    open('/login?returnTo=%2Fchat%2Fwf_1');
    fireEvent.click(await screen.findByRole('button', { name: 'Sign in with Acme SSO' }));
    expect(assign).toHaveBeenCalledWith('/api/auth/oidc/login?returnTo=%2Fchat%2Fwf_1');
  });

  it('shows the error an OIDC sign-in came back with', async () => {
    mockApi({ 'GET /api/config': () => json(200, config({ name: 'Acme SSO' })) });
    open('/login?error=auth.oidc_failed&returnTo=%2F');
    expect((await screen.findByTestId('auth-error')).textContent).toContain('failed');
  });
});

describe('sign-up', () => {
  it('shows a taken email from the error code', async () => {
    mockApi({
      'GET /api/config': () => json(200, config()),
      'POST /api/auth/signup': () => apiError(409, 'auth.email_taken'),
    });
    open('/signup');
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'ann@example.com' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'long enough pw' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect((await screen.findByTestId('auth-error')).textContent).toContain('already exists');
  });

  it('creates the account and honours returnTo', async () => {
    const api = mockApi({
      'GET /api/config': () => json(200, config()),
      'POST /api/auth/signup': () => json(201, { user }),
    });
    const router = open('/signup?returnTo=%2Fchat%2Fwf_1');
    fireEvent.change(screen.getByLabelText('Name (optional)'), { target: { value: 'Ann' } });
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'ann@example.com' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'long enough pw' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('chat page')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/chat/wf_1');
    expect(api.callsTo('POST /api/auth/signup')[0]!.body).toEqual({
      email: 'ann@example.com',
      password: 'long enough pw',
      name: 'Ann',
    });
  });
});
