import { beforeAll, describe, expect, it } from 'vitest';
import { ownerWorkspace } from './support/owner-workspace.js';

/** `workflow conversations` and `workflow stats` against the real API, after a visitor chatted and rated. */

const ws = ownerWorkspace('insights', 'Insights bot');
const { cli } = ws;

async function post(path: string, body: unknown, auth: { bearer?: string } = {}) {
  const res = await fetch(`${ws.api.baseUrl}/api${path}`, {
    method: 'POST',
    headers: {
      origin: ws.api.baseUrl,
      'content-type': 'application/json',
      ...(auth.bearer ? { authorization: `Bearer ${auth.bearer}` } : {}),
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path} → ${res.status} ${await res.text()}`);
  return res.text();
}

/** A visitor asks one question through the share link and rates the answer. */
async function visitorChat(publishToken: string, text: string, kind: 'positive' | 'negative') {
  const { token } = JSON.parse(await post(`/public/workflows/${ws.wf.id}/session`, { publishToken }));
  const sse = await post(
    '/chatkit',
    {
      type: 'threads.create',
      params: { input: { content: [{ type: 'input_text', text }], attachments: [], inference_options: {} } },
    },
    { bearer: token },
  );
  const events = sse
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => JSON.parse(l.slice(6)));
  const threadId = events[0].thread.id;
  const answer = events.find((e) => e.type === 'thread.item.done' && e.item.type === 'assistant_message').item.id;
  await post(
    '/chatkit',
    { type: 'items.feedback', params: { thread_id: threadId, item_ids: [answer], kind } },
    { bearer: token },
  );
}

beforeAll(async () => {
  const { publishToken } = JSON.parse(await post(`/workflows/${ws.wf.id}/publish`, {}, { bearer: ws.owner.token }));
  await visitorChat(publishToken, 'why is it broken', 'negative');
  await visitorChat(publishToken, 'thanks a lot', 'positive');
});

describe('wfchat workflow conversations / stats', () => {
  it('conversations: a table for humans, the API payload with --json, filters passed on', async () => {
    const human = await cli(['workflow', 'conversations', ws.wf.id]);
    expect(human.code).toBe(0);
    const [header, ...rows] = human.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^STARTED\s+VISITOR\s+MESSAGES\s+FEEDBACK\s+TITLE\s+ID$/);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/Visitor [0-9a-f]{8}\s+2\s+\+1 -0\s+thanks a lot/);

    const json = await cli(['workflow', 'conversations', ws.wf.id, '--json', '--feedback', 'negative']);
    expect(json.code).toBe(0);
    const body = JSON.parse(json.stdout);
    expect(body.next).toBeNull();
    expect(body.data.map((c: { title: string }) => c.title)).toEqual(['why is it broken']);
    expect(body.data[0]).toMatchObject({
      messages: 2,
      feedback: { positive: 0, negative: 1 },
      visitor: { kind: 'visitor' },
    });

    const searched = JSON.parse(
      (await cli(['workflow', 'conversations', ws.wf.id, '--json', '--search', 'THANKS'])).stdout,
    );
    expect(searched.data.map((c: { title: string }) => c.title)).toEqual(['thanks a lot']);
  });

  it('conversations: a bad flag is a usage error (exit 2); a stranger’s workflow is not found (exit 3)', async () => {
    const bad = await cli(['workflow', 'conversations', ws.wf.id, '--feedback', 'meh']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--feedback must be positive or negative');
    const missing = await cli(['workflow', 'conversations', 'wf_nope']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('workflow.not_found');
  });

  it("stats: today's counts in a table and as JSON, with usage against the caps", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const json = await cli(['workflow', 'stats', ws.wf.id, '--json', '--since', today, '--until', today]);
    expect(json.code).toBe(0);
    const body = JSON.parse(json.stdout);
    expect(body.days).toEqual([
      expect.objectContaining({
        date: today,
        conversations: 2,
        messages: 2,
        visitors: 2,
        positive: 1,
        negative: 1,
        errors: 0,
      }),
    ]);
    expect(body.usage).toMatchObject({ date: today, messagesPerDay: null, llmTokensPerDay: null });

    const human = await cli(['workflow', 'stats', ws.wf.id, '--since', today, '--until', today]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^DATE\s+CONVERSATIONS\s+MESSAGES/);
    expect(human.stdout).toMatch(new RegExp(`${today}\\s+2\\s+2\\s+2\\s+1\\s+1\\s+0`));
    expect(human.stdout).toContain('no messages cap');
  });
});
