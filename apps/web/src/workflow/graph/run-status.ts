import type { TNodeRunStatus } from '@wfchat/contracts';

/**
 * How each step of the last test run went, keyed by node id. The server's run
 * trace fills it (the test chat's `canvas.run_status` effect); the canvas only draws it.
 */
export type NodeRunStatus = TNodeRunStatus;
export type RunStatusMap = Record<string /* node id */, NodeRunStatus>;

const STATUS_WORDS: Record<NodeRunStatus['status'], string> = {
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
};

/** "Done · 12 ms", "Failed · 1.2 s", "Skipped". */
export function runStatusText({ status, durationMs }: NodeRunStatus): string {
  if (durationMs === undefined) return STATUS_WORDS[status];
  const took = durationMs < 1000 ? `${Math.round(durationMs)} ms` : `${(durationMs / 1000).toFixed(1)} s`;
  return `${STATUS_WORDS[status]} · ${took}`;
}
