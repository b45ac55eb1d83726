import type { TTelemetryRequest } from '@wfchat/contracts';

export type TelemetryEvent = TTelemetryRequest['event'];

/**
 * The one way the app records product telemetry: fire-and-forget, never throws,
 * never delays the UI. `keepalive` lets a `close` sent while leaving the page arrive.
 */
export function track(event: TelemetryEvent, details: Omit<TTelemetryRequest, 'event'> = {}): void {
  const body: TTelemetryRequest = { event, ...details };
  try {
    void fetch('/api/telemetry', {
      method: 'POST',
      credentials: 'same-origin',
      keepalive: true,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }).catch(() => undefined);
  } catch {
    // Telemetry must never break the app.
  }
}
