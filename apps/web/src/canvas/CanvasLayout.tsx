import type { TUser } from '@wfchat/contracts';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { SessionContext } from '../auth/session.js';
import { ApiError, api } from '../lib/api.js';

type State = { kind: 'loading' } | { kind: 'signed-in'; user: TUser } | { kind: 'signed-out' } | { kind: 'error' };

/** Every Canvas page: signed in only (otherwise /login?returnTo=<here>), with the header. */
export function CanvasLayout() {
  const location = useLocation();
  const navigate = useNavigate();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    api.me().then(
      ({ user }) => active && setState({ kind: 'signed-in', user }),
      (error: unknown) => {
        if (!active) return;
        setState(error instanceof ApiError && error.status === 401 ? { kind: 'signed-out' } : { kind: 'error' });
      },
    );
    return () => {
      active = false;
    };
  }, [attempt]);

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      navigate('/login', { replace: true });
    }
  }, [navigate]);

  const session = useMemo(() => (state.kind === 'signed-in' ? { user: state.user, signOut } : null), [state, signOut]);

  if (state.kind === 'signed-out') {
    const here = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?returnTo=${encodeURIComponent(here)}`} replace />;
  }
  if (state.kind === 'loading') {
    return (
      <main className="page" aria-busy="true" data-testid="canvas-loading">
        <p className="muted">Loading…</p>
      </main>
    );
  }
  if (state.kind === 'error' || !session) {
    return (
      <main className="page">
        <p role="alert">Canvas could not reach the server.</p>
        <button type="button" onClick={() => setAttempt((n) => n + 1)}>
          Retry
        </button>
      </main>
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <header className="app-header">
        <Link to="/" className="brand">
          Canvas
        </Link>
        <span className="spacer" />
        <Link to="/settings/tokens">API tokens</Link>
        <span className="muted" data-testid="signed-in-as">
          Signed in as {session.user.email}
        </span>
        <button type="button" onClick={() => void session.signOut()}>
          Sign out
        </button>
      </header>
      <Outlet />
    </SessionContext.Provider>
  );
}
