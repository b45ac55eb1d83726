import type { TLink, TUpdateLinkRequest } from '@wfchat/contracts';
import { useState } from 'react';
import { formatDateTime } from '../lib/format.js';
import { ConfirmButton } from '../ui/ConfirmButton.js';
import { LinkForm } from './LinkForm.js';

interface Props {
  links: TLink[] | null;
  busy: boolean;
  /** Rejects with the API's error, which the edit form explains. */
  onUpdate: (link: TLink, body: TUpdateLinkRequest) => Promise<void>;
  onRotate: (link: TLink) => Promise<void>;
  onDelete: (link: TLink) => Promise<void>;
}

/** The published workflow's links and embeds: one per audience, each rotated or deleted on its own. */
export function LinkList({ links, busy, onUpdate, onRotate, onDelete }: Props) {
  const [editing, setEditing] = useState<string | null>(null);
  if (links === null) return <p className="muted">Loading links…</p>;
  if (links.length === 0) return <p className="muted">No links: create one so people can chat.</p>;
  return (
    <ul className="links" data-testid="link-list">
      {links.map((link) => (
        <li key={link.id} data-testid="link-row" aria-label={link.label}>
          <div className="link-head">
            <strong>{link.label}</strong>
            <span className={`badge kind-${link.kind}`}>{link.kind === 'embed' ? 'Embed' : 'Link'}</span>
            <span className="muted">
              ending in <code>{link.tokenHint}</code>
            </span>
          </div>
          <p className="muted link-meta">
            {link.lastUsedAt ? `Last used ${formatDateTime(link.lastUsedAt)}` : 'Never used'} · created{' '}
            {formatDateTime(link.createdAt)}
            {link.rotatedAt && <> · rotated {formatDateTime(link.rotatedAt)}</>}
          </p>
          {link.kind === 'embed' && (
            <p className="link-origins">
              On: {link.allowedOrigins.map((o, i) => [i > 0 && ', ', <code key={o}>{o}</code>])}
            </p>
          )}
          {editing === link.id ? (
            <LinkForm
              kind={link.kind}
              link={link}
              busy={busy}
              onSubmit={async ({ label, allowedOrigins }) => {
                await onUpdate(link, { label, ...(allowedOrigins ? { allowedOrigins } : {}) });
                setEditing(null);
              }}
              onCancel={() => setEditing(null)}
            />
          ) : (
            <div className="row">
              <button type="button" disabled={busy} onClick={() => setEditing(link.id)} data-testid="link-edit">
                Edit
              </button>
              <ConfirmButton
                label="Rotate"
                question={`Replace the token of "${link.label}"? Whoever has the old ${link.kind === 'embed' ? 'snippet' : 'link'} loses access at once; the others keep working.`}
                confirmLabel="Yes, rotate"
                disabled={busy}
                onConfirm={() => onRotate(link)}
                testId="link-rotate"
              />
              <ConfirmButton
                label="Delete"
                question={`Delete "${link.label}"? It stops working at once, for everyone who has it.`}
                confirmLabel="Yes, delete"
                danger
                disabled={busy}
                onConfirm={() => onDelete(link)}
                testId="link-delete"
              />
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
