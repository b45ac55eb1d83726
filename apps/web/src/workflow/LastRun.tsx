import type { RunStatus } from '../canvas-chat/run-status.js';

const LABELS: Record<RunStatus[string]['status'], string> = {
  running: 'running…',
  done: 'done',
  failed: 'failed',
  skipped: 'skipped',
};

/**
 * The steps of the test chat's last run with their status, as a list beside
 * the test chat: readable in the JSON view too, where no node is drawn.
 */
export function LastRun({ runStatus }: { runStatus: RunStatus | null }) {
  return (
    <section className="card" aria-labelledby="last-run-title" data-testid="last-run">
      <h2 id="last-run-title">Last run</h2>
      {runStatus === null ? (
        <p className="muted">Send a message in the test chat to see which steps ran.</p>
      ) : (
        <ol className="versions">
          {Object.entries(runStatus).map(([nodeId, { status, durationMs }]) => (
            <li key={nodeId} data-node-id={nodeId} data-status={status}>
              <code>{nodeId}</code>{' '}
              <span className={status === 'failed' ? 'error' : 'muted'}>
                {LABELS[status]}
                {durationMs !== undefined && ` · ${durationMs} ms`}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
