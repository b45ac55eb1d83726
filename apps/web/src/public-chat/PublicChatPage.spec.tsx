import type { ChatError, WorkflowChatProps } from '@wfchat/chatkit';
import type { TPublicWorkflow } from '@wfchat/contracts';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, deferred, json, mockApi } from '../test/mock-api.js';
import { PublicChatPage } from './PublicChatPage.js';

// The chat package is its own unit (tested in packages/chatkit); here we check
// what the page hands it and how the page reacts to what it reports.
const chat = vi.hoisted(() => ({ props: null as WorkflowChatProps | null, mounts: 0 }));
vi.mock('@wfchat/chatkit', async () => {
  const { useEffect } = await import('react');
  return {
    WorkflowChat: (props: WorkflowChatProps) => {
      chat.props = props;
      useEffect(() => {
        chat.mounts += 1;
      }, []);
      return (
        <div data-testid="workflow-chat">
          <span>{props.title}</span>
          <span>{props.greeting}</span>
          {props.prompts?.map((p) => (
            <button key={p.label}>{p.label}</button>
          ))}
        </div>
      );
    },
  };
});

const TOKEN = 'wfp_' + 'a'.repeat(43);
const publicWorkflow: TPublicWorkflow = {
  id: 'wf_1',
  name: 'Acme helper',
  requireLogin: false,
  chat: {
    title: null,
    greeting: 'Hi! Ask me anything.',
    prompts: [{ label: 'Pricing', prompt: 'How much is it?' }],
    placeholder: null,
    disclaimer: null,
    theme: {},
  },
};
const session = (token = 'jwt-1') => ({
  token,
  expiresAt: new Date(Date.now() + 300_000).toISOString(),
  workflow: { id: 'wf_1', name: 'Acme helper', requireLogin: false },
});
const config = {
  features: { publish: true, canvasChat: true },
  chatkit: { element: 'builtin', domainKey: null },
  auth: { signupAllowed: true, oidc: null },
};

let router: ReturnType<typeof createBrowserRouter> | null = null;

function openPage(url: string) {
  window.history.replaceState(null, '', url);
  router = createBrowserRouter([
    { path: '/chat/:workflowId', Component: PublicChatPage },
    { path: '/login', Component: () => <p>login page</p> },
  ]);
  return render(<RouterProvider router={router} />);
}

function okRoutes(overrides: Parameters<typeof mockApi>[0] = {}) {
  return mockApi({
    'GET /api/config': () => json(200, config),
    'GET /api/public/workflows/wf_1': () => json(200, publicWorkflow),
    'POST /api/public/workflows/wf_1/session': () => json(200, session()),
    ...overrides,
  });
}

afterEach(() => {
  router?.dispose();
  router = null;
  chat.props = null;
  chat.mounts = 0;
  window.history.replaceState(null, '', '/');
});

describe('public chat page: the link', () => {
  it('takes the token from the fragment, leaves it in the address bar for sharing, keeps it and starts the chat', async () => {
    const api = okRoutes();
    openPage(`/chat/wf_1#t=${TOKEN}`);

    expect(await screen.findByTestId('public-chat')).toBeTruthy();
    // A copy of the address bar is a working link; the token is only ever in the fragment.
    expect(window.location.pathname + window.location.search).toBe('/chat/wf_1');
    expect(window.location.hash).toBe(`#t=${TOKEN}`);
    expect(window.localStorage.getItem('wfchat.publishToken.wf_1')).toBe(TOKEN);
    expect(api.callsTo('POST /api/public/workflows/wf_1/session')[0]!.body).toEqual({ publishToken: TOKEN });

    // Name, greeting and prompts reach the chat package.
    expect(screen.getByText('Acme helper', { selector: 'span' })).toBeTruthy();
    expect(screen.getByText('Hi! Ask me anything.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Pricing' })).toBeTruthy();
    expect(chat.props?.apiUrl).toBe('/api/chatkit');
    expect(chat.props?.element).toBe('builtin');
  });

  it("gives the chat the workflow's title, words and theme", async () => {
    const chatSettings = {
      ...publicWorkflow.chat,
      title: 'Acme support',
      placeholder: 'Ask about your order',
      disclaimer: 'Answers may be wrong.',
      theme: { colorScheme: 'system' as const, accentColor: '#0f766e', radius: 'large' as const },
    };
    okRoutes({ 'GET /api/public/workflows/wf_1': () => json(200, { ...publicWorkflow, chat: chatSettings }) });
    openPage(`/chat/wf_1#t=${TOKEN}`);

    await screen.findByTestId('public-chat');
    expect(chat.props).toMatchObject({
      title: 'Acme support',
      greeting: 'Hi! Ask me anything.',
      placeholder: 'Ask about your order',
      disclaimer: 'Answers may be wrong.',
      theme: { colorScheme: 'system', accentColor: '#0f766e', radius: 'large' },
    });
  });

  it("turns on the attach button when the public metadata's chat.attachments says so", async () => {
    const attachments = { enabled: true as const, accept: ['image/png', 'application/pdf'], maxSizeBytes: 10 * 1024 * 1024, maxFilesPerMessage: 5 };
    okRoutes({ 'GET /api/public/workflows/wf_1': () => json(200, { ...publicWorkflow, chat: { ...publicWorkflow.chat, attachments } }) });
    openPage(`/chat/wf_1#t=${TOKEN}`);
    await screen.findByTestId('public-chat');
    expect(chat.props?.attachments).toEqual(attachments);
    router?.dispose();

    okRoutes();
    openPage(`/chat/wf_1#t=${TOKEN}`);
    await screen.findByTestId('public-chat');
    expect(chat.props?.attachments).toBeUndefined();
  });

  it("speaks the workflow's language when it sets one, else the browser's", async () => {
    okRoutes();
    openPage(`/chat/wf_1#t=${TOKEN}`);
    await screen.findByTestId('public-chat');
    expect(chat.props?.language).toBe(navigator.language);
    router?.dispose();

    okRoutes({
      'GET /api/public/workflows/wf_1': () =>
        json(200, { ...publicWorkflow, chat: { ...publicWorkflow.chat, locale: 'ar' } }),
    });
    openPage(`/chat/wf_1#t=${TOKEN}`);
    await vi.waitFor(() => expect(chat.props?.language).toBe('ar'));
  });

  it('a returning visit without the fragment (history, bookmark, back from sign-in) continues with the kept token and shows it again', async () => {
    window.localStorage.setItem('wfchat.publishToken.wf_1', TOKEN);
    const api = okRoutes();
    openPage('/chat/wf_1');
    expect(await screen.findByTestId('public-chat')).toBeTruthy();
    expect(api.callsTo('POST /api/public/workflows/wf_1/session')).toHaveLength(1);
    expect(api.callsTo('POST /api/public/workflows/wf_1/session')[0]!.body).toEqual({ publishToken: TOKEN });
    expect(window.location.hash).toBe(`#t=${TOKEN}`);
  });

  it('forgets a kept token the server no longer accepts', async () => {
    window.localStorage.setItem('wfchat.publishToken.wf_1', TOKEN);
    okRoutes({ 'POST /api/public/workflows/wf_1/session': () => apiError(401, 'publish.invalid_token') });
    openPage('/chat/wf_1');
    expect(await screen.findByTestId('screen-invalid-link')).toBeTruthy();
    expect(window.localStorage.getItem('wfchat.publishToken.wf_1')).toBeNull();
  });

  it('starts over with the new token when a new link is opened in the same tab (fragment-only change)', async () => {
    const api = okRoutes();
    openPage(`/chat/wf_1#t=${TOKEN}`);
    await screen.findByTestId('public-chat');
    const NEW = 'wfp_' + 'n'.repeat(43);
    await act(() => router!.navigate(`/chat/wf_1#t=${NEW}`));
    await waitFor(() => expect(api.callsTo('POST /api/public/workflows/wf_1/session')).toHaveLength(2));
    expect(api.callsTo('POST /api/public/workflows/wf_1/session')[1]!.body).toEqual({ publishToken: NEW });
    expect(window.localStorage.getItem('wfchat.publishToken.wf_1')).toBe(NEW);
    expect(await screen.findByTestId('public-chat')).toBeTruthy();
  });

  it('handles the same link opened again in this tab: the chat stays, no new session, no loop', async () => {
    const api = okRoutes();
    openPage(`/chat/wf_1#t=${TOKEN}`);
    await screen.findByTestId('public-chat');
    await act(() => router!.navigate(`/chat/wf_1#t=${TOKEN}`));
    expect(await screen.findByTestId('public-chat')).toBeTruthy();
    expect(api.callsTo('POST /api/public/workflows/wf_1/session')).toHaveLength(1);
    expect(router!.state.location.hash).toBe(`#t=${TOKEN}`);
  });

  it('the embed address opened on its own (no website around it) says the link is not valid and mints nothing', async () => {
    const api = okRoutes();
    openPage('/chat/wf_1#embed');
    expect(await screen.findByTestId('screen-invalid-link')).toBeTruthy();
    expect(api.callsTo('POST /api/public/workflows/wf_1/session')).toHaveLength(0);
  });

  it('shows the loading skeleton while the session is being minted', async () => {
    const pending = deferred<Response>();
    okRoutes({ 'POST /api/public/workflows/wf_1/session': () => pending.promise });
    openPage(`/chat/wf_1#t=${TOKEN}`);
    expect(await screen.findByTestId('screen-loading')).toBeTruthy();
    expect(screen.queryByTestId('public-chat')).toBeNull();
    pending.resolve(json(200, session()));
    expect(await screen.findByTestId('public-chat')).toBeTruthy();
  });

  it('says the link is incomplete when there is no token at all, without calling the session endpoint', async () => {
    const api = okRoutes();
    openPage('/chat/wf_1');
    expect(await screen.findByTestId('screen-invalid-link')).toBeTruthy();
    expect(api.callsTo('POST /api/public/workflows/wf_1/session')).toHaveLength(0);
  });
});

describe('public chat page: screens', () => {
  it('invalid or rotated token → "no longer valid, ask the owner for a new link"', async () => {
    okRoutes({ 'POST /api/public/workflows/wf_1/session': () => apiError(401, 'publish.invalid_token') });
    openPage(`/chat/wf_1#t=${TOKEN}`);
    const el = await screen.findByTestId('screen-invalid-link');
    expect(el.textContent).toContain('This link is no longer valid — ask the owner for a new link');
  });

  it('unpublished or unknown workflow → not available', async () => {
    okRoutes({
      'GET /api/public/workflows/wf_1': () => apiError(404, 'workflow.not_found'),
      'POST /api/public/workflows/wf_1/session': () => apiError(404, 'workflow.not_found'),
    });
    openPage(`/chat/wf_1#t=${TOKEN}`);
    expect((await screen.findByTestId('screen-not-available')).textContent).toContain('not available');
  });

  it('sign-in required → "Sign in to chat" goes to /login with returnTo (no token in it) and the token is kept', async () => {
    okRoutes({ 'POST /api/public/workflows/wf_1/session': () => apiError(401, 'auth.login_required') });
    openPage(`/chat/wf_1#t=${TOKEN}`);
    await screen.findByTestId('screen-login-required');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in to chat' }));
    expect(await screen.findByText('login page')).toBeTruthy();
    expect(window.location.pathname + window.location.search).toBe('/login?returnTo=/chat/wf_1');
    expect(window.localStorage.getItem('wfchat.publishToken.wf_1')).toBe(TOKEN);
  });

  it('rate limited → shows the wait, counts down, then tries again by itself', async () => {
    let calls = 0;
    okRoutes({
      'POST /api/public/workflows/wf_1/session': () =>
        ++calls === 1 ? apiError(429, 'rate_limited', { 'Retry-After': '1' }) : json(200, session()),
    });
    openPage(`/chat/wf_1#t=${TOKEN}`);
    await screen.findByTestId('screen-rate-limited');
    expect(screen.getByTestId('retry-countdown').textContent).toBe('You can try again in 1 second.');
    expect((screen.getByRole('button', { name: 'Try again' }) as HTMLButtonElement).disabled).toBe(true);
    expect(await screen.findByTestId('public-chat', undefined, { timeout: 3000 })).toBeTruthy();
    expect(calls).toBe(2);
  });

  it('service unavailable (5xx or no answer) → Retry starts over', async () => {
    let calls = 0;
    okRoutes({
      'POST /api/public/workflows/wf_1/session': () => {
        calls += 1;
        if (calls === 1) throw new TypeError('Failed to fetch');
        return calls === 2 ? apiError(503, 'service.unavailable') : json(200, session());
      },
    });
    openPage(`/chat/wf_1#t=${TOKEN}`);
    await screen.findByTestId('screen-unavailable');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(calls).toBe(2));
    await screen.findByTestId('screen-unavailable');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('public-chat')).toBeTruthy();
  });
});

describe('public chat page: while chatting', () => {
  async function chatting(overrides: Parameters<typeof mockApi>[0] = {}) {
    const api = okRoutes(overrides);
    openPage(`/chat/wf_1#t=${TOKEN}`);
    await screen.findByTestId('public-chat');
    return api;
  }
  const report = (error: ChatError) => act(() => chat.props!.onError!(error));

  it('getToken hands over the minted session first, then re-mints with the publish token', async () => {
    let n = 0;
    const api = await chatting({ 'POST /api/public/workflows/wf_1/session': () => json(200, session(`jwt-${++n}`)) });
    expect((await chat.props!.getToken()).token).toBe('jwt-1');
    expect(api.callsTo('POST /api/public/workflows/wf_1/session')).toHaveLength(1);
    expect((await chat.props!.getToken()).token).toBe('jwt-2');
    expect(api.callsTo('POST /api/public/workflows/wf_1/session')[1]!.body).toEqual({ publishToken: TOKEN });
  });

  it('a renewal refused because the link was rotated switches to the invalid-link screen', async () => {
    let n = 0;
    await chatting({
      'POST /api/public/workflows/wf_1/session': () =>
        ++n === 1 ? json(200, session()) : apiError(401, 'publish.invalid_token'),
    });
    await chat.props!.getToken();
    await act(async () => {
      await expect(chat.props!.getToken()).rejects.toMatchObject({ code: 'publish.invalid_token' });
    });
    expect(await screen.findByTestId('screen-invalid-link')).toBeTruthy();
  });

  it('a revoked token reported by the chat shows the invalid-link screen', async () => {
    await chatting();
    report({ status: 401, code: 'auth.token_revoked', message: 'revoked' });
    expect(await screen.findByTestId('screen-invalid-link')).toBeTruthy();
    expect(screen.queryByTestId('public-chat')).toBeNull();
  });

  it('a 404 for the workflow reported by the chat shows the not-available screen', async () => {
    await chatting();
    report({ status: 404, code: 'workflow.not_found', message: 'gone' });
    expect(await screen.findByTestId('screen-not-available')).toBeTruthy();
  });

  it('a 429 reported by the chat shows the wait', async () => {
    await chatting();
    report({ status: 429, code: 'rate_limited', message: 'slow down', retryAfterSeconds: 42 });
    await screen.findByTestId('screen-rate-limited');
    expect(screen.getByTestId('retry-countdown').textContent).toContain('42 seconds');
  });

  it('remembers the thread per workflow across reloads and forgets a thread the server no longer has', async () => {
    window.localStorage.setItem('wfchat.thread.wf_1', 'thr_old');
    await chatting();
    expect(chat.props!.initialThread).toBe('thr_old');
    act(() => chat.props!.onThreadChange!('thr_new'));
    expect(window.localStorage.getItem('wfchat.thread.wf_1')).toBe('thr_new');

    report({ status: 404, code: 'thread.not_found', message: 'no such thread' });
    expect(window.localStorage.getItem('wfchat.thread.wf_1')).toBeNull();
    expect(screen.getByTestId('public-chat')).toBeTruthy();
  });
});
