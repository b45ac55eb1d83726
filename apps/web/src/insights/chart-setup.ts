import type { TStatsDay } from '@wfchat/contracts';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

// Only the parts a bar chart needs, so the lazy chunk stays small.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const SERIES = [
  { key: 'conversations', label: 'Conversations', color: '#2563eb' },
  { key: 'messages', label: 'Messages', color: '#93c5fd' },
  { key: 'positive', label: 'Thumbs up', color: '#16a34a' },
  { key: 'negative', label: 'Thumbs down', color: '#dc2626' },
] as const;

export function drawDailyChart(canvas: HTMLCanvasElement, days: TStatsDay[]): Chart {
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: days.map((d) => d.date.slice(5)),
      datasets: SERIES.map((s) => ({
        label: s.label,
        data: days.map((d) => d[s.key]),
        backgroundColor: s.color,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      // Screenshots and tests see the final bars at once.
      animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}
