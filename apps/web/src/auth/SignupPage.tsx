import { PASSWORD_MIN_LENGTH } from '@wfchat/contracts';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../lib/api.js';
import { useClientConfig } from '../lib/config.js';
import { authErrorMessage, safeReturnTo } from './auth-messages.js';

export function SignupPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const config = useClientConfig();
  const returnTo = safeReturnTo(params.get('returnTo'));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    if (password.length < PASSWORD_MIN_LENGTH) {
      setError(`The password must be at least ${PASSWORD_MIN_LENGTH} characters.`);
      return;
    }
    const name = String(form.get('name') ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      await api.signup({ email: String(form.get('email') ?? ''), password, ...(name ? { name } : {}) });
      navigate(returnTo, { replace: true });
    } catch (e) {
      setError(authErrorMessage(e));
      setBusy(false);
    }
  }

  const query = returnTo === '/' ? '' : `?returnTo=${encodeURIComponent(returnTo)}`;

  return (
    <main className="auth-page">
      <form className="card auth-card" onSubmit={onSubmit} aria-labelledby="signup-title" noValidate>
        <h1 id="signup-title">Create an account</h1>
        {config?.auth.signupAllowed === false && (
          <p className="notice">Sign-up is closed on this server; only the first account can still be created.</p>
        )}
        {error && (
          <p role="alert" className="error" data-testid="auth-error">
            {error}
          </p>
        )}
        <label>
          Name (optional)
          <input name="name" autoComplete="name" maxLength={100} />
        </label>
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="new-password" minLength={PASSWORD_MIN_LENGTH} required />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create account'}
        </button>
        <p className="muted">
          Already have an account? <Link to={`/login${query}`}>Sign in</Link>
        </p>
      </form>
    </main>
  );
}
