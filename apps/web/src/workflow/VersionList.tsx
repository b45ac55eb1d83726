import { formatDateTime } from '../lib/format.js';

interface Props {
  versions: { number: number; createdAt: string }[] | null;
  publishedVersion: number | null;
  onLoad: (number: number) => void;
}

/** Saved definitions, newest first; any of them can be loaded back into the editor. */
export function VersionList({ versions, publishedVersion, onLoad }: Props) {
  return (
    <section className="card" aria-labelledby="versions-title" data-testid="version-list">
      <h2 id="versions-title">Versions</h2>
      {versions === null && <p className="muted">Loading…</p>}
      {versions?.length === 0 && <p className="muted">No saved versions yet.</p>}
      {versions && versions.length > 0 && (
        <ol className="versions">
          {versions.map((v) => (
            <li key={v.number}>
              <span>
                v{v.number} <span className="muted">{formatDateTime(v.createdAt)}</span>
                {v.number === publishedVersion && <span className="badge badge-public">published</span>}
              </span>
              <button type="button" className="link" onClick={() => onLoad(v.number)}>
                Load v{v.number} into editor
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
