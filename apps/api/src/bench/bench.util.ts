import { performance } from 'node:perf_hooks';

/** A benchmark: runs, prints its figures, and says whether its goal was met. */
export interface Bench {
  name: string;
  run(): Promise<{ ok: boolean }>;
}

export const now = (): number => performance.now();

/** Nearest-rank percentile of a sample, p in [0, 100]. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const ms = (value: number): string => `${value.toFixed(3)} ms`;

export function printTable(rows: [string, string, string][]): void {
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows) console.log(`  ${row.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`);
}

/** POSTs JSON and reads a JSON answer (the set-up calls of the benches that drive a real API process). */
export async function postJson(url: string, body: unknown, headers: Record<string, string>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

/** The benches' template workflow: "You said: …", no LLM. */
export const TEMPLATE_DEFINITION = {
  v: 1,
  nodes: [
    { id: 't', type: 'template', config: { template: 'You said: {{input}}' } },
    { id: 'r', type: 'reply', config: {} },
  ],
  edges: [{ source: 't', target: 'r' }],
};

/** Signs a new author up on a running API and saves `definition` as a workflow. */
async function authorWorkflow(baseUrl: string, name: string, definition: unknown) {
  const origin = { origin: baseUrl };
  const email = `bench-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const signup = await postJson(`${baseUrl}/api/auth/signup`, { email, password: 'bench password 123' }, origin);
  const headers = { ...origin, cookie: (signup.headers.get('set-cookie') ?? '').split(';')[0]! };
  const wf = await postJson(`${baseUrl}/api/workflows`, { name, definition }, headers);
  if (wf.status !== 201) throw new Error(`no workflow (sign-up ${signup.status}, workflow ${wf.status})`);
  return { id: String(wf.body.id), headers };
}

/** A new workflow's Canvas chat: the chat JWT the benches drive `/api/chatkit` with. */
export async function canvasChatToken(baseUrl: string, name: string, definition: unknown): Promise<string> {
  const wf = await authorWorkflow(baseUrl, name, definition);
  const session = await postJson(`${baseUrl}/api/workflows/${wf.id}/chatkit/session`, {}, wf.headers);
  if (session.status !== 200) throw new Error(`no chat session (${session.status})`);
  return String(session.body.token);
}

/** A new workflow, published: the chat JWT of a visitor who opened its share link. */
export async function visitorChatToken(baseUrl: string, name: string, definition: unknown): Promise<string> {
  const wf = await authorWorkflow(baseUrl, name, definition);
  const published = await postJson(`${baseUrl}/api/workflows/${wf.id}/publish`, {}, wf.headers);
  const session = await postJson(
    `${baseUrl}/api/public/workflows/${wf.id}/session`,
    { publishToken: published.body.publishToken },
    { origin: baseUrl },
  );
  if (session.status !== 200)
    throw new Error(`no visitor session (publish ${published.status}, session ${session.status})`);
  return String(session.body.token);
}

/** Rate limits out of the way: the benches measure the work, not the refusals. */
export const UNLIMITED_RATE_LIMITS = {
  RATE_LIMIT_IP_PER_MIN: '1000000000',
  RATE_LIMIT_PRINCIPAL_PER_MIN: '1000000000',
  RATE_LIMIT_MESSAGES_PER_MIN: '1000000000',
  RATE_LIMIT_WORKFLOW_MESSAGES_PER_MIN: '1000000000',
  RATE_LIMIT_SESSIONS_PER_MIN: '1000000000',
  // Benches sign up an author each run; sign-ups from 127.0.0.1 share one counter in Redis.
  RATE_LIMIT_SIGNUP_PER_HOUR: '1000000',
};
