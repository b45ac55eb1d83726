import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../lib/api.js';
import { useClientConfig } from '../lib/config.js';
import { authCodeMessage, authErrorMessage, safeReturnTo } from './auth-messages.js';

export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const config = useClientConfig();
  const returnTo = safeReturnTo(params.get('returnTo'));
  const oidc = config?.auth.oidc ?? null;
  const redirectError = params.get('error');
  const [error, setError] = useState<string | null>(
    redirectError ? (authCodeMessage(redirectError, oidc?.name) ?? 'Sign-in failed. Please try again.') : null,
  );
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await api.login({ email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') });
      navigate(returnTo, { replace: true });
    } catch (e) {
      setError(authErrorMessage(e, oidc?.name));
      setBusy(false);
    }
  }

  const query = returnTo === '/' ? '' : `?returnTo=${encodeURIComponent(returnTo)}`;

  return (
    <main className="auth-page">
      <form className="card auth-card" onSubmit={onSubmit} aria-labelledby="login-title" noValidate>
        <h1 id="login-title">Sign in</h1>
        {error && (
          <p role="alert" className="error" data-testid="auth-error">
            {error}
          </p>
        )}
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {oidc && (
          <button
            type="button"
            onClick={() => window.location.assign(`/api/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`)}
          >
            Sign in with {oidc.name}
          </button>
        )}
        {config?.auth.signupAllowed !== false && (
          <p className="muted">
            No account yet? <Link to={`/signup${query}`}>Create an account</Link>
          </p>
        )}
      </form>
    </main>
  );
}
