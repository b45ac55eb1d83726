import type { TAuditAction, TAuditEvent } from '@wfchat/contracts';
import { formatDateTime } from '../lib/format.js';

const ACTION_LABELS: Record<TAuditAction, string> = {
  publish: 'Published',
  rotate: 'Rotated the link',
  revoke: 'Unpublished',
  'require_login.on': 'Required sign-in',
  'require_login.off': 'Stopped requiring sign-in',
  'version.change': 'Changed the published version',
  'link.create': 'Created a link',
  'link.rotate': 'Replaced a link',
  'link.update': 'Edited a link',
  'link.delete': 'Deleted a link',
  'limits.change': 'Changed the daily limits',
};

export function AuditList({ events }: { events: TAuditEvent[] | null }) {
  return (
    <div className="audit" data-testid="audit-list">
      <h3>History</h3>
      {events === null && <p className="muted">Loading…</p>}
      {events?.length === 0 && <p className="muted">Nothing yet.</p>}
      {events && events.length > 0 && (
        <ul>
          {events.map((e) => (
            <li key={e.id}>
              <strong>{ACTION_LABELS[e.action] ?? e.action}</strong>
              {e.tokenHint && <code> {e.tokenHint}</code>}
              <span className="muted">
                {' '}
                {e.actor ? `by ${e.actor.email}` : ''} · {formatDateTime(e.createdAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
