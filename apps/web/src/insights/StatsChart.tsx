import type { TStatsDay } from '@wfchat/contracts';
import { useEffect, useRef, useState } from 'react';

/**
 * Conversations, messages and feedback per day as bars. Chart.js is imported
 * when the chart first renders, so neither the editor nor the public chat
 * downloads it.
 */
export function StatsChart({ days }: { days: TStatsDay[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let chart: { destroy(): void } | null = null;
    let cancelled = false;
    void import('./chart-setup.js').then(
      ({ drawDailyChart }) => {
        if (cancelled || !canvas.current) return;
        chart = drawDailyChart(canvas.current, days);
      },
      () => setFailed(true),
    );
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [days]);

  if (failed)
    return (
      <p className="error">
        The chart could not be loaded. Reload the page to try again; the table below has the same numbers.
      </p>
    );
  return (
    <div className="stats-chart">
      <canvas
        ref={canvas}
        data-testid="stats-chart"
        role="img"
        aria-label="Conversations, messages and feedback per day"
      />
    </div>
  );
}
