import http from 'node:http';
import { parseSseText, type SseEvent } from './sse.js';

/**
 * HTTP from a chosen loopback address (`127.x.y.z`), so that a load balancer on
 * the same machine sees distinct clients, with the arrival time of every SSE
 * event and the socket read it came in (to see events held back or coalesced).
 */
export interface TimedEvent {
  event: SseEvent;
  /** Milliseconds since the request was sent. */
  at: number;
  /** Which socket read delivered it: equal numbers arrived together. */
  read: number;
}

export interface TimedReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON, for non-stream answers. */
  body: any;
  events: TimedEvent[];
  /** False when an event stream ended without its closing blank line or was cut. */
  complete: boolean;
}

export interface TimedRequest {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  localAddress?: string;
}

const agents = new Map<string, http.Agent>();
function agentFor(localAddress: string): http.Agent {
  let agent = agents.get(localAddress);
  if (!agent) {
    agent = new http.Agent({ keepAlive: true, localAddress } as http.AgentOptions);
    agents.set(localAddress, agent);
  }
  return agent;
}

export function destroyAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

/** One request; rejects on a network error (refused, reset), as `fetch` does. */
export function timedRequest(url: string, options: TimedRequest = {}): Promise<TimedReply> {
  const localAddress = options.localAddress ?? '127.0.0.1';
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(
      url,
      {
        method: options.method ?? (payload ? 'POST' : 'GET'),
        agent: agentFor(localAddress),
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const sse = (res.headers['content-type'] ?? '').startsWith('text/event-stream');
        const events: TimedEvent[] = [];
        let text = '';
        // One socket read can hold several HTTP chunks, each its own 'data' event, all
        // emitted in the same tick: a read ends when the event loop moves on.
        let reads = 0;
        let inRead = false;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const at = performance.now() - started;
          if (!inRead) {
            inRead = true;
            reads += 1;
            setImmediate(() => (inRead = false));
          }
          text += chunk;
          if (!sse) return;
          let end: number;
          while ((end = text.indexOf('\n\n')) !== -1) {
            for (const event of parseSseText(text.slice(0, end + 2))) events.push({ event, at, read: reads });
            text = text.slice(end + 2);
          }
        });
        const finish = (complete: boolean) => {
          let body: unknown;
          if (!sse && text) {
            try {
              body = JSON.parse(text);
            } catch {
              body = text;
            }
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            events,
            complete: complete && text === '',
          });
        };
        res.on('end', () => finish(true));
        res.on('error', () => finish(false));
        res.on('aborted', () => finish(false));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
