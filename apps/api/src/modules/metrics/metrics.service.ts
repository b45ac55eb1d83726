import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one app instance (its own registry, so tests can run several apps in a process). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'wfchat_http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'wfchat_http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly authFailures = new Counter({
    name: 'wfchat_auth_failures_total',
    help: 'Refused authentications by error code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'wfchat_rate_limited_total',
    help: 'Requests refused with 429, by limit',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });
  readonly sessionsMinted = new Counter({
    name: 'wfchat_chat_sessions_minted_total',
    help: 'Chat JWTs issued, by mode',
    labelNames: ['mode'] as const,
    registers: [this.registry],
  });
  readonly activeStreams = new Gauge({
    name: 'wfchat_chat_active_streams',
    help: 'ChatKit streams currently open',
    registers: [this.registry],
  });
  readonly timeToFirstToken = new Histogram({
    name: 'wfchat_chat_time_to_first_token_seconds',
    help: 'From request to the first streamed text of a reply',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly turnDuration = new Histogram({
    name: 'wfchat_chat_turn_duration_seconds',
    help: 'Duration of a whole chat turn',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly chatErrors = new Counter({
    name: 'wfchat_chat_errors_total',
    help: 'In-band chat errors by code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly telemetryEvents = new Counter({
    name: 'wfchat_telemetry_events_total',
    help: 'Client telemetry events (Canvas chat bubble)',
    labelNames: ['event'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'wfchat_' });
  }
}
