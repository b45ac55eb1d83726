import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/**
 * The same-work server the chat benches compare the product with: what a
 * hand-written server must do for `threads.create` / `threads.add_user_message`
 * on a template workflow, and nothing else (HS256 check, the same statements
 * with plain `pg`, the same SSE events). No rate limits, no logging, no metrics.
 * Run on its own (`node dist/bench/same-work.server.js`, with `DATABASE_URL`,
 * `CHAT_JWT_KEYS=kid:secret` and `PORT`) it is a process of its own, whose CPU
 * time can be read apart from the product's; it prints its URL when listening.
 */

function verifyHs256(
  token: string,
  key: { kid: string; secret: string },
): { wf: string; sub: string; mode: string } | null {
  const [h, p, s] = token.split('.');
  if (!h || !p || !s) return null;
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg?: string; kid?: string };
  if (header.alg !== 'HS256' || header.kid !== key.kid) return null;
  const expected = createHmac('sha256', key.secret).update(`${h}.${p}`).digest();
  const got = Buffer.from(s, 'base64url');
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) return null;
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as {
    wf: string;
    sub: string;
    mode: string;
    exp: number;
    aud: string;
  };
  if (claims.aud !== 'chatkit' || claims.exp * 1000 < Date.now()) return null;
  return claims;
}

const hexId = (prefix: string, at: Date) =>
  `${prefix}_${at.getTime().toString(16).padStart(12, '0')}${randomBytes(8).toString('hex')}`;
const INSERT_ITEM = `INSERT INTO "ChatItem" ("id", "threadId", "type", "seq", "data", "createdAt")
  SELECT $1, t."id", $2, COALESCE((SELECT MAX(i."seq") FROM "ChatItem" i WHERE i."threadId" = t."id"), 0) + 1, $3::jsonb, ($4::timestamptz AT TIME ZONE 'UTC')
  FROM (SELECT * FROM "ChatThread" WHERE "id" = $5 OFFSET 0) t WHERE t."workflowId" = $6 AND t."principal" = $7 AND t."mode" = $8`;
const CREATE_THREAD = `WITH t AS (
    INSERT INTO "ChatThread" ("id", "workflowId", "principal", "mode", "title", "createdAt", "updatedAt")
    VALUES ($1, $2, $3, $4, $5, ($6::timestamptz AT TIME ZONE 'UTC'), ($6::timestamptz AT TIME ZONE 'UTC')) RETURNING "id")
  INSERT INTO "ChatItem" ("id", "threadId", "type", "seq", "data", "createdAt")
  SELECT $7, t."id", 'user_message', 1, $8::jsonb, ($6::timestamptz AT TIME ZONE 'UTC') FROM t`;

export function sameWorkServer(pool: pg.Pool, key: { kid: string; secret: string }): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const claims = verifyHs256((req.headers.authorization ?? '').slice('Bearer '.length), key);
        if (!claims) return res.writeHead(401).end('{}');
        const body = JSON.parse(Buffer.concat(chunks).toString()) as {
          type: string;
          params: { thread_id?: string; input: { content: { text: string }[] } };
        };
        const text = body.params.input.content.map((c) => c.text).join(' ');
        const scope = [claims.wf, claims.sub, claims.mode];
        const now = new Date();
        const events: object[] = [];
        let threadId = body.params.thread_id ?? '';
        const user = { content: [{ type: 'input_text', text }], attachments: [], inference_options: {} };
        const userItem = {
          id: hexId('msg', now),
          thread_id: '',
          created_at: now.toISOString(),
          type: 'user_message',
          ...user,
        };
        let thread: object | null = null;
        if (body.type === 'threads.create') {
          threadId = hexId('thr', now);
          userItem.thread_id = threadId;
          await pool.query(CREATE_THREAD, [
            threadId,
            ...scope,
            text.slice(0, 60),
            now.toISOString(),
            userItem.id,
            JSON.stringify(user),
          ]);
          thread = {
            id: threadId,
            created_at: now.toISOString(),
            status: { type: 'active' },
            metadata: {},
            items: { data: [], has_more: false },
          };
          events.push({ type: 'thread.created', thread });
        } else {
          const found = await pool.query(
            'SELECT "id", "title" FROM "ChatThread" WHERE "id" = $1 AND "workflowId" = $2 AND "principal" = $3 AND "mode" = $4',
            [threadId, ...scope],
          );
          if (!found.rowCount) return res.writeHead(404).end('{}');
          userItem.thread_id = threadId;
          await pool.query(INSERT_ITEM, [
            userItem.id,
            'user_message',
            JSON.stringify(user),
            now.toISOString(),
            threadId,
            ...scope,
          ]);
        }
        const reply = 'You said: {{input}}'.replace('{{input}}', text);
        const at = new Date();
        const assistant = {
          id: hexId('msg', at),
          thread_id: threadId,
          created_at: at.toISOString(),
          type: 'assistant_message',
          content: [] as object[],
        };
        const part = { type: 'output_text', text: reply, annotations: [] };
        await pool.query(INSERT_ITEM, [
          assistant.id,
          'assistant_message',
          JSON.stringify({ content: [part] }),
          at.toISOString(),
          threadId,
          ...scope,
        ]);
        events.push(
          { type: 'thread.item.done', item: userItem },
          { type: 'stream_options', stream_options: { allow_cancel: true } },
          { type: 'thread.item.added', item: assistant },
          {
            type: 'thread.item.updated',
            item_id: assistant.id,
            update: { type: 'assistant_message.content_part.added', content_index: 0, content: { ...part, text: '' } },
          },
          {
            type: 'thread.item.updated',
            item_id: assistant.id,
            update: { type: 'assistant_message.content_part.text_delta', content_index: 0, delta: reply },
          },
          {
            type: 'thread.item.updated',
            item_id: assistant.id,
            update: { type: 'assistant_message.content_part.done', content_index: 0, content: part },
          },
          { type: 'thread.item.done', item: { ...assistant, content: [part] } },
        );
        if (thread) events.push({ type: 'thread.updated', thread: { ...thread, title: text.slice(0, 60) } });
        res.writeHead(200, {
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-cache',
          'X-Accel-Buffering': 'no',
        });
        for (const e of events) res.write(`data: ${JSON.stringify(e)}\n\n`);
        res.end();
      })().catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [kid, ...rest] = (process.env.CHAT_JWT_KEYS ?? '').split(',')[0]!.split(':');
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  pool.on('error', () => undefined);
  const server = sameWorkServer(pool, { kid: kid!, secret: rest.join(':') });
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
}
