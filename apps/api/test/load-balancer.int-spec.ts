import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startApiProcess, type ApiProcess } from '../src/dev/api-process.js';
import { startLlmStub, type LlmStub } from '../src/dev/llm-stub.js';
import { input, llmDefinition } from './support/chatkit.js';
import { startHaproxy, startNginx, type LoadBalancer } from './support/load-balancers.js';
import type { SseEvent } from './support/sse.js';
import { createTestDatabase, type TestDatabase } from './support/test-db.js';
import { destroyAgents, timedRequest, type TimedReply } from './support/timed-http.js';

/**
 * The deployment recipe of `deploy/`, run: three built API processes on one
 * PostgreSQL database and one Redis, behind Debian's HAProxy and nginx at once
 * (each with its file from `deploy/`). Needs DATABASE_URL and REDIS_URL, like
 * multi-instance.int-spec.ts: three processes cannot share an embedded PGlite
 * database, and in-process limits are per instance by design, so on the
 * embedded default this file is skipped.
 */
const enabled = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);

/** The public URL every instance is configured with; browsers would send it as Origin. */
const ORIGIN = 'http://chat.wfchat.test';
/** Loopback client addresses of this run (all of 127/8 is local), so Redis counters of earlier runs never interfere. */
const net = `127.${randomBytes(1)[0]! % 250}.${randomBytes(1)[0]! % 250}`;
const clientIp = (n: number) => `${net}.${n}`;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const isDelta = (e: SseEvent) => e.type === 'thread.item.updated' && e.update.type.endsWith('text_delta');
const assistantDone = (events: SseEvent[]) =>
  events.find((e) => e.type === 'thread.item.done' && e.item.type === 'assistant_message')?.item;

describe.runIf(enabled)('three API instances behind HAProxy and nginx (deploy/)', () => {
  let llm: LlmStub;
  let database: TestDatabase;
  let ports: number[];
  const instances: ApiProcess[] = [];
  let haproxy: LoadBalancer;
  let nginx: LoadBalancer;
  const balancers = () => [haproxy, nginx];
  const keys = `k1:${randomBytes(32).toString('base64url')}`;

  const instanceEnv = (port: number) => ({
    PORT: String(port),
    DATABASE_URL: database.url!,
    REDIS_URL: process.env.REDIS_URL!,
    CHAT_JWT_KEYS: keys,
    PUBLIC_BASE_URL: ORIGIN,
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'wfchat-lb-')),
    SEED_DEMO: 'false',
    // One proxy hop in front: the client is the address the proxy appended.
    TRUST_PROXY: '1',
    LLM_BASE_URL: llm.url,
    DRAIN_TIMEOUT_SECONDS: '30',
    RATE_LIMIT_SESSIONS_PER_MIN: '5',
    RATE_LIMIT_IP_PER_MIN: '100000',
    RATE_LIMIT_PRINCIPAL_PER_MIN: '100000',
    RATE_LIMIT_MESSAGES_PER_MIN: '100000',
    RATE_LIMIT_WORKFLOW_MESSAGES_PER_MIN: '100000',
    RATE_LIMIT_SIGNUP_PER_HOUR: '100000',
  });

  // --- HTTP through a balancer or to one instance ------------------------------------

  const api = (base: string, p: string, body?: unknown, headers: Record<string, string> = {}, ip = clientIp(1)) =>
    timedRequest(`${base}/api${p}`, { body, headers: { origin: ORIGIN, ...headers }, localAddress: ip });

  const chat = (base: string, token: string, type: string, params: unknown, ip: string) =>
    api(base, '/chatkit', { type, params, metadata: {} }, { authorization: `Bearer ${token}` }, ip);

  /** A published echo workflow of a new author, made through `base`. */
  const publishedWorkflow = async (base: string) => {
    const signup = await api(base, '/auth/signup', {
      email: `lb-${randomBytes(6).toString('hex')}@example.test`,
      password: 'correct horse battery',
    });
    expect(signup.status).toBe(201);
    const cookie = String(signup.headers['set-cookie']).split(';')[0]!;
    const created = await api(base, '/workflows', { name: 'Balanced', definition: llmDefinition }, { cookie });
    const published = await api(base, `/workflows/${created.body.id}/publish`, {}, { cookie });
    expect(published.status).toBe(201);
    return { cookie, id: created.body.id as string, publishToken: published.body.publishToken as string };
  };

  const visitorToken = async (base: string, workflowId: string, publishToken: string, ip: string) => {
    const res = await api(base, `/public/workflows/${workflowId}/session`, { publishToken }, {}, ip);
    expect(res.status).toBe(200);
    return res.body.token as string;
  };

  /** One counter of every instance's /api/metrics, read directly (not through a balancer). */
  const perInstance = async (metric: RegExp) =>
    Promise.all(
      instances.map(async (instance) => {
        const text = String((await api(instance.baseUrl, '/metrics')).body);
        return Number(metric.exec(text)?.[1] ?? 0);
      }),
    );
  const streamsServed = () => perInstance(/^wfchat_chat_turn_duration_seconds_count (\d+)/m);
  const sessionsMinted = () => perInstance(/^wfchat_chat_sessions_minted_total\{mode="public"\} (\d+)/m);

  /** Resolves once every instance is ready and each balancer sends requests to all of them. */
  const allServing = async () => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ready = await Promise.all(
        instances.map((i) =>
          api(i.baseUrl, '/readyz').then(
            (r) => r.status === 200,
            () => false,
          ),
        ),
      );
      if (ready.every(Boolean)) break;
      if (Date.now() > deadline) throw new Error('the instances did not become ready');
      await new Promise((r) => setTimeout(r, 100));
    }
    // HAProxy marks a server up after two good checks (1 s apart).
    for (;;) {
      const before = await perInstance(
        /^wfchat_http_requests_total\{method="GET",route="\/api\/healthz",status="200"\} (\d+)/m,
      );
      for (let n = 0; n < 6; n += 1) await Promise.all(balancers().map((lb) => api(lb.baseUrl, '/healthz')));
      const after = await perInstance(
        /^wfchat_http_requests_total\{method="GET",route="\/api\/healthz",status="200"\} (\d+)/m,
      );
      if (after.every((count, i) => count - before[i]! >= 2)) return;
      if (Date.now() > deadline) throw new Error(`the balancers do not reach every instance: ${before} -> ${after}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  beforeAll(async () => {
    llm = await startLlmStub({ slowDelayMs: 100 });
    database = await createTestDatabase();
    ports = await Promise.all([freePort(), freePort(), freePort()]);
    // One at a time: the first applies the migrations; three cold starts at once starve a small machine.
    for (const port of ports) instances.push(await startApiProcess(instanceEnv(port), 120_000));
    const servers = ports.map((p) => `127.0.0.1:${p}`);
    [haproxy, nginx] = await Promise.all([startHaproxy(servers), startNginx(servers)]);
    await allServing();
  }, 400_000);

  afterAll(async () => {
    destroyAgents();
    await Promise.all([haproxy?.stop(), nginx?.stop(), ...instances.map((i) => i.stop())]);
    await database?.drop();
    await llm?.close();
  });

  describe.each(['haproxy', 'nginx'] as const)('through %s', (name) => {
    const lb = () => (name === 'haproxy' ? haproxy : nginx);
    const ips = name === 'haproxy' ? { a: 10, b: 11, c: 12 } : { a: 20, b: 21, c: 22 };

    it('round-robin chat works, and the turns really land on every instance', async () => {
      const { id, publishToken } = await publishedWorkflow(lb().baseUrl);
      const token = await visitorToken(lb().baseUrl, id, publishToken, clientIp(ips.a));
      const before = await streamsServed();

      let threadId: string | undefined;
      for (let n = 1; n <= 6; n += 1) {
        const text = `message ${n} via ${name}`;
        const reply = threadId
          ? await chat(
              lb().baseUrl,
              token,
              'threads.add_user_message',
              { thread_id: threadId, input: input(text) },
              clientIp(ips.a),
            )
          : await chat(lb().baseUrl, token, 'threads.create', { input: input(text) }, clientIp(ips.a));
        expect(reply.status).toBe(200);
        const events = reply.events.map((e) => e.event);
        threadId ??= events.find((e) => e.type === 'thread.created')!.thread.id;
        expect(assistantDone(events)?.content[0].text).toBe(`Echo: ${text}`);
      }

      const after = await streamsServed();
      const served = after.map((count, i) => count - before[i]!);
      expect(served.reduce((a, b) => a + b)).toBe(6);
      expect(
        served.every((count) => count >= 1),
        `turns per instance: ${served}`,
      ).toBe(true);

      // The whole conversation is one thread, whichever instance served each turn.
      const items = await chat(
        lb().baseUrl,
        token,
        'items.list',
        { thread_id: threadId, order: 'asc', limit: 50 },
        clientIp(ips.a),
      );
      expect(items.body.data).toHaveLength(12);
    });

    it('a rotated publish token is refused by every instance at the next request', async () => {
      const { cookie, id, publishToken } = await publishedWorkflow(lb().baseUrl);
      const token = await visitorToken(lb().baseUrl, id, publishToken, clientIp(ips.b));
      // Every instance has just let this visitor in (and cached the publish state).
      for (const instance of instances) {
        expect((await chat(instance.baseUrl, token, 'threads.list', {}, clientIp(ips.b))).status).toBe(200);
      }

      expect((await api(lb().baseUrl, `/workflows/${id}/publish/rotate`, {}, { cookie })).status).toBe(200);

      for (const instance of instances) {
        const next = await chat(instance.baseUrl, token, 'threads.list', {}, clientIp(ips.b));
        expect(next.status).toBe(401);
        expect(next.body.code).toBe('auth.token_revoked');
      }
      for (let n = 0; n < instances.length; n += 1) {
        expect((await chat(lb().baseUrl, token, 'threads.list', {}, clientIp(ips.b))).status).toBe(401);
      }
    });

    it('a per-IP limit counts across all instances, per client address, whatever X-Forwarded-For the client sends', async () => {
      const { id, publishToken } = await publishedWorkflow(lb().baseUrl);
      const mint = (ip: string, headers: Record<string, string> = {}) =>
        api(lb().baseUrl, `/public/workflows/${id}/session`, { publishToken }, headers, ip);
      const before = await sessionsMinted();

      // RATE_LIMIT_SESSIONS_PER_MIN=5, spread by the balancer over the three instances.
      for (let n = 0; n < 5; n += 1) expect((await mint(clientIp(ips.c))).status).toBe(200);
      const minted = (await sessionsMinted()).map((count, i) => count - before[i]!);
      expect(
        minted.every((count) => count >= 1),
        `sessions per instance: ${minted}`,
      ).toBe(true);

      const sixth = await mint(clientIp(ips.c));
      expect(sixth.status).toBe(429);
      expect(Number(sixth.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // A forged X-Forwarded-For does not buy a new budget: the balancer appends the real address.
      expect((await mint(clientIp(ips.c), { 'x-forwarded-for': '203.0.113.9' })).status).toBe(429);
      // Another client behind the same balancer has its own budget: the API sees client addresses, not the proxy's.
      expect((await mint(clientIp(ips.c + 100))).status).toBe(200);
    });
  });

  it('streams through either balancer as they leave the API: first event within a few ms of direct, deltas one by one', async () => {
    const { id, publishToken } = await publishedWorkflow(haproxy.baseUrl);
    const ip = clientIp(30);
    const token = await visitorToken(haproxy.baseUrl, id, publishToken, ip);
    const created = await chat(haproxy.baseUrl, token, 'threads.create', { input: input('warm up') }, ip);
    const threadId = created.events.find((e) => e.event.type === 'thread.created')!.event.thread.id;

    const targets = { direct: instances[0]!.baseUrl, haproxy: haproxy.baseUrl, nginx: nginx.baseUrl };
    const ttfb: Record<string, number[]> = { direct: [], haproxy: [], nginx: [] };
    const ttft: Record<string, number[]> = { direct: [], haproxy: [], nginx: [] };
    // Interleaved, so that load on the machine hits every target alike.
    for (let round = 0; round < 15; round += 1) {
      for (const [target, base] of Object.entries(targets)) {
        const reply = await chat(
          base,
          token,
          'threads.add_user_message',
          { thread_id: threadId, input: input(`ping ${round}`) },
          ip,
        );
        expect(reply.status).toBe(200);
        ttfb[target]!.push(reply.events[0]!.at);
        ttft[target]!.push(reply.events.find((e) => isDelta(e.event))!.at);
      }
    }
    const figures = Object.keys(targets).map(
      (t) => `${t}: first event ${median(ttfb[t]!).toFixed(1)} ms, first delta ${median(ttft[t]!).toFixed(1)} ms`,
    );
    console.log(`median of 15 turns, stub LLM, this machine:\n  ${figures.join('\n  ')}`);

    // HAProxy's defaults hold the first event back ~200 ms; a loaded machine adds noise, not hundreds of ms.
    for (const target of ['haproxy', 'nginx']) {
      expect(median(ttfb[target]!) - median(ttfb.direct!)).toBeLessThan(100);
      expect(median(ttft[target]!) - median(ttft.direct!)).toBeLessThan(100);
    }

    // Deltas 100 ms apart arrive 100 ms apart: each in a read of its own, none held back to travel in pairs.
    for (const base of [haproxy.baseUrl, nginx.baseUrl]) {
      const slow = await chat(
        base,
        token,
        'threads.add_user_message',
        { thread_id: threadId, input: input('[[stub:slow]] a b c d e f') },
        ip,
      );
      const deltas = slow.events.filter((e) => isDelta(e.event));
      expect(deltas.length).toBe(7); // "Echo: " and six words
      expect(new Set(deltas.map((d) => d.read)).size).toBe(deltas.length);
    }
  }, 120_000);

  it('a rolling restart of every instance under steady chat load loses no acknowledged message', async () => {
    const { id, publishToken } = await publishedWorkflow(haproxy.baseUrl);
    const stats = { acknowledged: 0, retried: 0, cut: 0 };
    const streamingAtSignal: number[] = [];
    const acknowledged: { token: string; threadId: string; user: string; assistant: string }[] = [];
    let stop = false;

    /** A visitor as the chat client behaves: on 503 or a refused/reset connection before the answer began, it waits and sends again. */
    const visitor = async (n: number, lb: LoadBalancer) => {
      const ip = clientIp(100 + n);
      const token = await visitorToken(lb.baseUrl, id, publishToken, ip);
      let threadId: string | undefined;
      for (let m = 0; !stop; m += 1) {
        const text = `[[stub:slow]] visitor ${n} message ${m}`;
        for (;;) {
          let reply: TimedReply | undefined;
          try {
            reply = threadId
              ? await chat(
                  lb.baseUrl,
                  token,
                  'threads.add_user_message',
                  { thread_id: threadId, input: input(text) },
                  ip,
                )
              : await chat(lb.baseUrl, token, 'threads.create', { input: input(text) }, ip);
          } catch {
            // refused or reset: nothing was answered
          }
          const events = reply?.events.map((e) => e.event) ?? [];
          threadId ??= events.find((e) => e.type === 'thread.created')?.thread.id;
          const done = assistantDone(events);
          if (reply?.status === 200 && done && reply.complete) {
            stats.acknowledged += 1;
            acknowledged.push({ token, threadId: threadId!, user: text, assistant: done.content[0].text });
            break;
          }
          if (reply?.status === 200) stats.cut += 1;
          else if (reply && ![502, 503, 504].includes(reply.status))
            throw new Error(`visitor ${n}: ${reply.status} ${JSON.stringify(reply.body)}`);
          stats.retried += 1;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    };

    const load = [0, 1, 2, 3, 4, 5].map((n) => visitor(n, n % 2 ? nginx : haproxy));
    // Rejects as soon as a visitor meets an error it must not retry.
    const failed = Promise.race(load.map((v) => v.then(() => new Promise<never>(() => {}))));
    failed.catch(() => undefined);
    const restart = async () => {
      for (let i = 0; i < instances.length; i += 1) {
        // Some answers are streaming when the signal comes.
        const base = stats.acknowledged;
        while (stats.acknowledged < base + 3) await new Promise((r) => setTimeout(r, 50));
        const old = instances[i]!;
        const streaming = Number(
          /^wfchat_chat_active_streams (\d+)/m.exec(String((await api(old.baseUrl, '/metrics')).body))?.[1],
        );
        streamingAtSignal.push(streaming);
        process.kill(old.pid, 'SIGTERM');
        expect(await old.exited).toBe(0);
        instances[i] = await startApiProcess(instanceEnv(ports[i]!), 120_000);
        await allServing();
      }
    };
    await Promise.race([restart(), failed]);
    const during = stats.acknowledged;
    // A little more load on the new instances, then stop.
    while (stats.acknowledged < during + 6) await Promise.race([new Promise((r) => setTimeout(r, 50)), failed]);
    stop = true;
    await Promise.all(load);
    console.log(
      `rolling restart: ${stats.acknowledged} answers acknowledged, ${stats.retried} sends retried (503 or refused), ${stats.cut} streams cut, streams open at each SIGTERM: ${streamingAtSignal}`,
    );

    // Answers were streaming on the instances when they got SIGTERM, and draining let every one finish.
    expect(
      streamingAtSignal.reduce((a, b) => a + b),
      `streams open at each SIGTERM: ${streamingAtSignal}`,
    ).toBeGreaterThan(0);
    expect(stats.cut).toBe(0);
    // Every acknowledged message is in its thread, with its answer.
    const byThread = new Map<string, typeof acknowledged>();
    for (const a of acknowledged) byThread.set(a.threadId, [...(byThread.get(a.threadId) ?? []), a]);
    for (const [threadId, messages] of byThread) {
      const texts: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await chat(
          haproxy.baseUrl,
          messages[0]!.token,
          'items.list',
          { thread_id: threadId, order: 'asc', limit: 50, ...(after ? { after } : {}) },
          clientIp(1),
        );
        expect(page.status).toBe(200);
        for (const item of page.body.data) texts.push(item.content[0]?.text);
        if (!page.body.has_more) break;
        after = page.body.after;
      }
      for (const m of messages) {
        expect(texts).toContain(m.user);
        expect(texts).toContain(m.assistant);
      }
    }
  }, 600_000);
});
