import type { TApiToken, TCreateApiTokenResponse } from '@wfchat/contracts';
import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../lib/api.js';
import { formatDateTime } from '../lib/format.js';
import { ConfirmButton } from '../ui/ConfirmButton.js';
import { ErrorText } from '../ui/ErrorText.js';

/** Personal API tokens for the CLI and the MCP server: create (shown once), list, revoke. */
export function ApiTokensPage() {
  const [tokens, setTokens] = useState<TApiToken[] | null>(null);
  const [created, setCreated] = useState<TCreateApiTokenResponse | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = 'API tokens · Canvas';
    api.listApiTokens().then(({ data }) => setTokens(data), setError);
  }, []);

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setBusy(true);
    setError(null);
    try {
      const token = await api.createApiToken(String(new FormData(form).get('name') ?? '').trim());
      setCreated(token);
      setTokens((list) => [token, ...(list ?? [])]);
      form.reset();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function onRevoke(token: TApiToken) {
    setError(null);
    try {
      await api.revokeApiToken(token.id);
      setTokens((list) => (list ?? []).filter((t) => t.id !== token.id));
      if (created?.id === token.id) setCreated(null);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <main className="page">
      <h1>API tokens</h1>
      <p className="muted">
        Tokens let the <code>wfchat</code> CLI and the MCP server act as you. Treat them like passwords.
      </p>
      <form className="card create-form" onSubmit={onCreate} aria-label="New API token">
        <label>
          Token name
          <input name="name" required maxLength={100} placeholder="e.g. CI pipeline" />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Create token
        </button>
      </form>
      {created && (
        <div className="share-once" role="region" aria-label="New API token" data-testid="api-token-once">
          <p className="warning">Copy this token now: it will not be shown again.</p>
          <input readOnly value={created.token} aria-label="API token" onFocus={(e) => e.currentTarget.select()} />
          <button type="button" onClick={() => setCreated(null)}>
            I have copied the token
          </button>
        </div>
      )}
      <ErrorText error={error} />
      {tokens?.length === 0 && <p className="muted">No API tokens yet.</p>}
      {tokens && tokens.length > 0 && (
        <table className="workflows" data-testid="api-tokens-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Ends in</th>
              <th>Created</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>
                  <code>…{t.tokenHint}</code>
                </td>
                <td>{formatDateTime(t.createdAt)}</td>
                <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'never'}</td>
                <td>
                  <ConfirmButton
                    label={`Revoke ${t.name}`}
                    confirmLabel="Revoke"
                    question="Revoke this token? Anything using it stops working."
                    onConfirm={() => onRevoke(t)}
                    danger
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
