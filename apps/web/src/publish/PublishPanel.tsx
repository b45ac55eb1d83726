import type {
  TAuditEvent,
  TCreateLinkRequest,
  TLink,
  TLinkKind,
  TLinkTokenResponse,
  TUpdateLinkRequest,
  TWorkflow,
} from '@wfchat/contracts';
import { useCallback, useEffect, useId, useState } from 'react';
import { api } from '../lib/api.js';
import { formatDateTime } from '../lib/format.js';
import { ConfirmButton } from '../ui/ConfirmButton.js';
import { ErrorText } from '../ui/ErrorText.js';
import { AuditList } from './AuditList.js';
import { LinkList } from './LinkList.js';
import { LinkReveal, type RevealedLink } from './LinkReveal.js';
import { LinkForm } from './LinkForm.js';

interface Props {
  workflow: TWorkflow;
  versions: { number: number; createdAt: string }[];
  onWorkflowChange: (workflow: TWorkflow) => void;
}

/**
 * Publish, share links and embeds (each token shown once, with a QR code and for
 * embeds the snippet), rotate or delete each link, unpublish, require sign-in,
 * pinned version, audit.
 */
export function PublishPanel({ workflow, versions, onWorkflowChange }: Props) {
  const ids = useId();
  const p = workflow.publish;
  const [revealed, setRevealed] = useState<RevealedLink | null>(null);
  const [links, setLinks] = useState<TLink[] | null>(null);
  const [creating, setCreating] = useState<TLinkKind | null>(null);
  const [requireLogin, setRequireLogin] = useState(false);
  // '' = the latest saved version at publish time.
  const [version, setVersion] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [audit, setAudit] = useState<TAuditEvent[] | null>(null);
  // Shown at once while the change is saved (then the server's answer decides).
  const [pending, setPending] = useState<{ requireLogin?: boolean; version?: number } | null>(null);
  // A published version chosen but not confirmed yet: visitors switch only after "Yes".
  const [switchTo, setSwitchTo] = useState<number | null>(null);

  const refreshAudit = useCallback(() => {
    api.audit(workflow.id).then(
      ({ data }) => setAudit(data),
      () => setAudit([]),
    );
  }, [workflow.id]);
  useEffect(refreshAudit, [refreshAudit]);

  const refreshLinks = useCallback(() => {
    if (!p.isPublic) return setLinks(null);
    api.listLinks(workflow.id).then(
      ({ data }) => setLinks(data),
      (e: unknown) => {
        setLinks([]);
        setError(e);
      },
    );
  }, [workflow.id, p.isPublic]);
  useEffect(refreshLinks, [refreshLinks]);

  async function run<T>(action: () => Promise<T>, after: (result: T) => void) {
    setBusy(true);
    setError(null);
    try {
      after(await action());
      refreshAudit();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const publish = () =>
    run(
      () => api.publish(workflow.id, { requireLogin, ...(version ? { version: Number(version) } : {}) }),
      (r) => {
        onWorkflowChange(r.workflow);
        setRevealed({ label: r.link.label, shareUrl: r.shareUrl });
      },
    );
  /** Create and rotate answer with the token, shown this once. */
  const reveal = (r: TLinkTokenResponse) => {
    setRevealed({ label: r.link.label, shareUrl: r.shareUrl, embedSnippet: r.embedSnippet });
    refreshLinks();
  };
  // Failures are shown by the form, next to what the author typed.
  const createLink = async (body: TCreateLinkRequest) => {
    setBusy(true);
    try {
      const r = await api.createLink(workflow.id, body);
      setCreating(null);
      reveal(r);
      refreshAudit();
    } finally {
      setBusy(false);
    }
  };
  // Like creation, a refused edit is explained by the form; the token stays the same.
  const updateLink = async (link: TLink, body: TUpdateLinkRequest) => {
    setBusy(true);
    try {
      const { link: saved } = await api.updateLink(workflow.id, link.id, body);
      setLinks((all) => all?.map((l) => (l.id === saved.id ? saved : l)) ?? null);
      refreshAudit();
    } finally {
      setBusy(false);
    }
  };
  const rotateLink = (link: TLink) => run(() => api.rotateLink(workflow.id, link.id), reveal);
  const deleteLink = (link: TLink) =>
    run(
      () => api.deleteLink(workflow.id, link.id),
      () => {
        setRevealed(null);
        refreshLinks();
      },
    );
  const revoke = () =>
    run(
      () => api.revoke(workflow.id),
      (r) => {
        onWorkflowChange(r.workflow);
        setRevealed(null);
      },
    );
  const update = async (body: { requireLogin?: boolean; version?: number }) => {
    setPending(body);
    await run(
      () => api.updatePublish(workflow.id, body),
      (r) => onWorkflowChange(r.workflow),
    );
    setPending(null);
  };
  const shownRequireLogin = pending?.requireLogin ?? p.requireLogin;
  const shownVersion = switchTo ?? pending?.version ?? p.publishedVersion;
  const confirmSwitch = async (next: number) => {
    setSwitchTo(null);
    await update({ version: next });
  };
  const draftDiffers = p.isPublic && p.publishedVersion !== null && p.publishedVersion !== workflow.latestVersion;

  return (
    <section className="card publish-panel" aria-labelledby={`${ids}-title`} data-testid="publish-panel">
      <h2 id={`${ids}-title`}>Share</h2>
      <ErrorText error={error} testId="publish-error" />

      {revealed && <LinkReveal link={revealed} onDismiss={() => setRevealed(null)} />}

      {draftDiffers && switchTo === null && (
        <div className="notice" role="status" data-testid="draft-differs">
          <p>
            Visitors chat with v{p.publishedVersion}. Your latest saved version, v{workflow.latestVersion}, is not
            published yet.
          </p>
          <button type="button" className="primary" disabled={busy} onClick={() => setSwitchTo(workflow.latestVersion)}>
            Publish this version
          </button>
        </div>
      )}
      {switchTo !== null && (
        <div className="confirm" role="alertdialog" aria-label="Change the published version" data-testid="switch-version-confirm">
          <p>
            Publish v{switchTo} instead of v{p.publishedVersion}? Everyone with a link or embed chats with v{switchTo}{' '}
            from their next message.
          </p>
          <button type="button" className="primary" disabled={busy} onClick={() => void confirmSwitch(switchTo)}>
            Yes, publish v{switchTo}
          </button>
          <button type="button" disabled={busy} onClick={() => setSwitchTo(null)}>
            Cancel
          </button>
        </div>
      )}

      {!p.isPublic ? (
        <div className="stack">
          <p data-testid="publish-state">Private: only you can chat with this workflow.</p>
          <label className="check">
            <input type="checkbox" checked={requireLogin} onChange={(e) => setRequireLogin(e.target.checked)} />
            Require sign-in to chat
          </label>
          <label>
            Version to publish
            <select value={version} onChange={(e) => setVersion(e.target.value)}>
              <option value="">Latest saved (v{workflow.latestVersion})</option>
              {versions.map((v) => (
                <option key={v.number} value={String(v.number)}>
                  v{v.number} · {formatDateTime(v.createdAt)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="primary" disabled={busy} onClick={() => void publish()}>
            Publish
          </button>
        </div>
      ) : (
        <div className="stack">
          <p data-testid="publish-state">Public since {formatDateTime(p.publishedAt)}</p>
          <label className="check">
            <input
              type="checkbox"
              checked={shownRequireLogin}
              disabled={busy}
              onChange={(e) => void update({ requireLogin: e.target.checked })}
            />
            Require sign-in to chat
          </label>
          <label>
            Published version
            <select
              value={shownVersion === null ? '' : String(shownVersion)}
              disabled={busy}
              onChange={(e) => {
                const next = Number(e.target.value);
                setSwitchTo(next === p.publishedVersion ? null : next);
              }}
            >
              {shownVersion === null && <option value="">—</option>}
              {versions.map((v) => (
                <option key={v.number} value={String(v.number)}>
                  v{v.number} · {formatDateTime(v.createdAt)}
                </option>
              ))}
            </select>
          </label>
          <section className="stack" aria-labelledby={`${ids}-links`}>
            <h3 id={`${ids}-links`}>Links and embeds</h3>
            <p className="muted">
              One per audience: rotating or deleting one leaves the others working. An embed works only on the websites
              it lists.
            </p>
            <LinkList links={links} busy={busy} onUpdate={updateLink} onRotate={rotateLink} onDelete={deleteLink} />
            {creating ? (
              <LinkForm
                key={creating}
                kind={creating}
                busy={busy}
                onSubmit={createLink}
                onCancel={() => setCreating(null)}
              />
            ) : (
              <div className="row">
                <button type="button" disabled={busy} onClick={() => setCreating('link')}>
                  New link
                </button>
                <button type="button" disabled={busy} onClick={() => setCreating('embed')}>
                  New embed
                </button>
              </div>
            )}
          </section>
          <div className="row">
            <ConfirmButton
              label="Unpublish"
              question="Unpublish? Every link and embed stops working and visitors can no longer chat."
              confirmLabel="Yes, unpublish"
              danger
              disabled={busy}
              onConfirm={revoke}
              testId="unpublish"
            />
          </div>
        </div>
      )}

      <AuditList events={audit} />
    </section>
  );
}
