import type { TAuditEvent, TWorkflow } from '@wfchat/contracts';
import { useCallback, useEffect, useId, useState } from 'react';
import { api } from '../lib/api.js';
import { formatDateTime } from '../lib/format.js';
import { ConfirmButton } from '../ui/ConfirmButton.js';
import { ErrorText } from '../ui/ErrorText.js';
import { AuditList } from './AuditList.js';
import { ShareLinkOnce } from './ShareLinkOnce.js';

interface Props {
  workflow: TWorkflow;
  versions: { number: number; createdAt: string }[];
  onWorkflowChange: (workflow: TWorkflow) => void;
}

/** Publish, share (link shown once), rotate, unpublish, require sign-in, pinned version, audit. */
export function PublishPanel({ workflow, versions, onWorkflowChange }: Props) {
  const ids = useId();
  const p = workflow.publish;
  const [shareUrl, setShareUrl] = useState<string | null>(null);
  const [requireLogin, setRequireLogin] = useState(false);
  // '' = the latest saved version at publish time.
  const [version, setVersion] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [audit, setAudit] = useState<TAuditEvent[] | null>(null);
  // Shown at once while the change is saved (then the server's answer decides).
  const [pending, setPending] = useState<{ requireLogin?: boolean; version?: number } | null>(null);

  const refreshAudit = useCallback(() => {
    api.audit(workflow.id).then(
      ({ data }) => setAudit(data),
      () => setAudit([]),
    );
  }, [workflow.id]);
  useEffect(refreshAudit, [refreshAudit]);

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

  /** Publish and rotate both answer with the one-time share link. */
  const showLink = (r: { workflow: TWorkflow; shareUrl: string }) => {
    onWorkflowChange(r.workflow);
    setShareUrl(r.shareUrl);
  };
  const publish = () =>
    run(() => api.publish(workflow.id, { requireLogin, ...(version ? { version: Number(version) } : {}) }), showLink);
  const rotate = () => run(() => api.rotate(workflow.id), showLink);
  const revoke = () =>
    run(
      () => api.revoke(workflow.id),
      (r) => {
        onWorkflowChange(r.workflow);
        setShareUrl(null);
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
  const shownVersion = pending?.version ?? p.publishedVersion;

  return (
    <section className="card publish-panel" aria-labelledby={`${ids}-title`} data-testid="publish-panel">
      <h2 id={`${ids}-title`}>Share</h2>
      <ErrorText error={error} testId="publish-error" />

      {shareUrl && <ShareLinkOnce shareUrl={shareUrl} onDismiss={() => setShareUrl(null)} />}

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
          <p data-testid="publish-state">
            Public since {formatDateTime(p.publishedAt)}
            {p.tokenHint && (
              <>
                {' '}
                · link ending in <code>{p.tokenHint}</code>
              </>
            )}
            {p.publishTokenRotatedAt && <> · rotated {formatDateTime(p.publishTokenRotatedAt)}</>}
          </p>
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
              onChange={(e) => void update({ version: Number(e.target.value) })}
            >
              {shownVersion === null && <option value="">—</option>}
              {versions.map((v) => (
                <option key={v.number} value={String(v.number)}>
                  v{v.number} · {formatDateTime(v.createdAt)}
                </option>
              ))}
            </select>
          </label>
          <div className="row">
            <ConfirmButton
              label="Rotate link"
              question="Rotate the link? The old link stops working at once, for everyone who has it."
              confirmLabel="Yes, rotate"
              disabled={busy}
              onConfirm={rotate}
              testId="rotate"
            />
            <ConfirmButton
              label="Unpublish"
              question="Unpublish? The link stops working and visitors can no longer chat."
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
