import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import {
  ErrorCode,
  ZAttachment,
  ZErrorBody,
  ZPublicWorkflow,
  ZThread,
  ZThreadItemPage,
  ZThreadStreamEvent,
} from '@wfchat/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLlmStub, type LlmStub } from '../src/dev/llm-stub.js';
import { AttachmentsSweep } from '../src/modules/attachments/attachments.sweep.js';
import {
  attachmentsClient,
  attachmentsLlmDefinition,
  attachmentsTemplateDefinition,
  PDF_MIN,
  PNG_1PX,
  withFiles,
} from './support/attachments.js';
import { chatkitClient, input, templateDefinition } from './support/chatkit.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let stub: LlmStub;
let ck: ReturnType<typeof chatkitClient>;
let at: ReturnType<typeof attachmentsClient>;
let cookie: string;
let wf: string;
let publishToken: string;

const MAX_PER_DAY = 12;

beforeAll(async () => {
  stub = await startLlmStub({ chunkDelayMs: 0 });
  t = await startTestApp({
    env: { LLM_BASE_URL: stub.url, ATTACHMENTS_MAX_PER_MESSAGE: '2', ATTACHMENTS_MAX_PER_DAY: String(MAX_PER_DAY) },
  });
  ck = chatkitClient(t.baseUrl);
  at = attachmentsClient(t.baseUrl, ck);
  ({ cookie } = await ck.owner());
  wf = await ck.workflow(cookie, attachmentsLlmDefinition());
  publishToken = await ck.publish(cookie, wf);
});
afterAll(async () => {
  await t?.close();
  await stub?.close();
});

const visitor = () => ck.visitorToken(wf, publishToken);
const expectError = async (res: Response | { status: number; body: unknown }, status: number, code: string) => {
  const body = res instanceof Response ? await res.json() : res.body;
  expect(res.status).toBe(status);
  expect(ZErrorBody.parse(body).code).toBe(code);
};
const chunkRows = async (id: string) =>
  (
    await t.database.db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM "ChatAttachmentChunk" WHERE "attachmentId" = $1',
      [id],
    )
  )[0]!.n;

describe('the whole protocol path', () => {
  it('creates, uploads, sends an image the LLM receives, and serves it back only to its owner', async () => {
    const token = await visitor();
    const created = await at.create(token, { name: 'screen shot.png', size: PNG_1PX.length, mime_type: 'image/png' });
    expect(created.status).toBe(200);
    const pending = ZAttachment.parse(created.body);
    expect(pending).toMatchObject({ type: 'image', name: 'screen shot.png', mime_type: 'image/png' });
    expect(pending.upload_url).toMatch(new RegExp(`/api/chatkit/attachments/${pending.id}/content$`));
    expect(pending.id).toMatch(/^atc_/);

    const put = await at.put(token, pending, PNG_1PX, 'image/png');
    expect(put.status).toBe(200);
    const done = ZAttachment.parse(await put.json());
    expect(done.upload_url).toBeUndefined();
    expect(done.type === 'image' && done.preview_url).toMatch(/\/preview\?sig=/);

    const res = await ck.call(token, 'threads.create', { input: withFiles('what is this?', [done.id]) });
    expect(res.status).toBe(200);
    res.events.forEach((e) => ZThreadStreamEvent.parse(e));
    const userItem = res.events.find((e) => e.type === 'thread.item.done' && e.item.type === 'user_message')!.item;
    expect(userItem.attachments).toEqual([
      { type: 'image', id: done.id, name: 'screen shot.png', mime_type: 'image/png', preview_url: expect.stringContaining('/preview?sig=') },
    ]);
    const answer = res.events.filter((e) => e.type === 'thread.item.done').at(-1)!.item;
    expect(answer.content[0].text).toBe('I received 1 image. Echo: what is this?');
    const sent = stub.requests.at(-1)!;
    expect(sent.images).toEqual([`data:image/png;base64,${PNG_1PX.toString('base64')}`]);

    // Reloading the conversation shows the attachment again, with a fresh preview URL.
    const threadId = res.events[0]!.thread.id;
    const thread = ZThread.parse((await ck.call(token, 'threads.get_by_id', { thread_id: threadId })).body);
    const reloaded = thread.items.data[0]!;
    expect(reloaded.type === 'user_message' && reloaded.attachments[0]).toMatchObject({ id: done.id, type: 'image' });
    const items = ZThreadItemPage.parse((await ck.call(token, 'items.list', { thread_id: threadId, order: 'asc' })).body);
    const preview = (items.data[0] as { attachments: { preview_url: string }[] }).attachments[0]!.preview_url;

    const img = await fetch(at.local(preview));
    expect(img.status).toBe(200);
    expect(Buffer.from(await img.arrayBuffer())).toEqual(PNG_1PX);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(img.headers.get('x-content-type-options')).toBe('nosniff');
    expect(img.headers.get('content-security-policy')).toContain('sandbox');
    expect(img.headers.get('content-disposition')).toBe(`inline; filename="screen shot.png"`);

    const file = await at.download(token, done.id);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="screen shot.png"/);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(PNG_1PX);

    // The author's conversation log names the files (the bytes stay the visitor's).
    const transcript = await ck.api.get(`/workflows/${wf}/conversations/${threadId}`, { cookie });
    expect(transcript.status).toBe(200);
    expect(transcript.body.items[0].attachments).toMatchObject([{ id: done.id, name: 'screen shot.png' }]);
    const exported = await fetch(`${t.baseUrl}/api/workflows/${wf}/conversations/export?format=jsonl`, { headers: { cookie } });
    expect(await exported.text()).toContain('"text":"what is this? [attached: screen shot.png]"');
  });

  it('gives text files to the LLM as text and their names to templates', async () => {
    const token = await visitor();
    const notes = await at.uploaded(token, 'notes.txt', 'text/plain', Buffer.from('line one\nünïcode line two\n'));
    expect(notes.type).toBe('file');
    const res = await ck.call(token, 'threads.create', { input: withFiles('summarise', [notes.id]) });
    expect(res.status).toBe(200);
    expect(stub.requests.at(-1)!.messages.at(-1)!.content).toBe(
      'summarise\nAttached file "notes.txt":\nline one\nünïcode line two\n',
    );

    const tplWf = await ck.workflow(cookie, attachmentsTemplateDefinition, 'Template files');
    const canvas = await ck.canvasToken(cookie, tplWf);
    const pdf = await at.uploaded(canvas, 'invoice.pdf', 'application/pdf', PDF_MIN);
    const png = await at.uploaded(canvas, 'shot.png', 'image/png', PNG_1PX);
    const tpl = await ck.call(canvas, 'threads.create', { input: withFiles('hi', [pdf.id, png.id]) });
    const answer = tpl.events.filter((e) => e.type === 'thread.item.done').at(-1)!.item;
    expect(answer.content[0].text).toBe('Files: invoice.pdf, shot.png; text: hi');
  });

  it('accepts a message with files and no text, and adds files to a later message', async () => {
    const token = await visitor();
    const first = await at.uploaded(token, 'a.png', 'image/png', PNG_1PX);
    const res = await ck.call(token, 'threads.create', { input: withFiles('', [first.id]) });
    expect(res.status).toBe(200);
    const threadId = res.events[0]!.thread.id;
    const second = await at.uploaded(token, 'b.png', 'image/png', PNG_1PX);
    const third = await at.uploaded(token, 'c.png', 'image/png', PNG_1PX);
    const more = await ck.call(token, 'threads.add_user_message', {
      thread_id: threadId,
      input: withFiles('two more', [second.id, third.id]),
    });
    expect(more.status).toBe(200);
    expect(more.events.filter((e) => e.type === 'thread.item.done').at(-1)!.item.content[0].text).toBe(
      'I received 2 images. Echo: two more',
    );
  });

  it('deletes an unsent attachment, its bytes with it; a sent one stays until its conversation goes', async () => {
    const token = await visitor();
    const unsent = await at.uploaded(token, 'x.png', 'image/png', PNG_1PX);
    expect(await chunkRows(unsent.id)).toBe(1);
    const del = await ck.call(token, 'attachments.delete', { attachment_id: unsent.id });
    expect(del.status).toBe(200);
    expect(del.body).toEqual({});
    expect(await chunkRows(unsent.id)).toBe(0);
    expect((await at.download(token, unsent.id)).status).toBe(404);

    const sent = await at.uploaded(token, 'y.png', 'image/png', PNG_1PX);
    const res = await ck.call(token, 'threads.create', { input: withFiles('keep', [sent.id]) });
    await expectError(await ck.call(token, 'attachments.delete', { attachment_id: sent.id }), 409, ErrorCode.AttachmentInUse);
    // A file goes in one message only.
    await expectError(await ck.call(token, 'threads.create', { input: withFiles('again', [sent.id]) }), 404, ErrorCode.AttachmentNotFound);
    await ck.call(token, 'threads.delete', { thread_id: res.events[0]!.thread.id });
    expect(await chunkRows(sent.id)).toBe(0);
    expect((await at.download(token, sent.id)).status).toBe(404);
  });
});

describe('scoping: nobody but the owner (workflow, principal, mode)', () => {
  it('another visitor, another workflow and the Canvas chat see nothing', async () => {
    const owner = await visitor();
    const other = await visitor();
    const otherWf = await ck.workflow(cookie, attachmentsLlmDefinition(), 'Other');
    const otherWfToken = await ck.visitorToken(otherWf, await ck.publish(cookie, otherWf));
    const canvas = await ck.canvasToken(cookie, wf);

    const created = ZAttachment.parse((await at.create(owner, { name: 'p.png', size: PNG_1PX.length, mime_type: 'image/png' })).body);
    for (const stranger of [other, otherWfToken, canvas]) {
      await expectError(await at.put(stranger, created, PNG_1PX), 404, ErrorCode.AttachmentNotFound);
    }
    await expectError(await at.put(undefined, created, PNG_1PX), 401, ErrorCode.AuthMissingToken);
    expect((await at.put(owner, created, PNG_1PX, 'image/png')).status).toBe(200);

    for (const stranger of [other, otherWfToken, canvas]) {
      await expectError(await at.download(stranger, created.id), 404, ErrorCode.AttachmentNotFound);
      await expectError(await ck.call(stranger, 'attachments.delete', { attachment_id: created.id }), 404, ErrorCode.AttachmentNotFound);
      const msg = await ck.call(stranger, 'threads.create', { input: withFiles('steal', [created.id]) });
      expect(msg.status).toBe(stranger === otherWfToken || stranger === canvas ? 404 : 404);
    }
    // The owner still has it, untouched.
    expect((await at.download(owner, created.id)).status).toBe(200);
  });

  it('a preview URL works only as signed, and only for that attachment', async () => {
    const token = await visitor();
    const a = await at.uploaded(token, 'a.png', 'image/png', PNG_1PX);
    const b = await at.uploaded(token, 'b.png', 'image/png', PNG_1PX);
    if (a.type !== 'image' || b.type !== 'image') throw new Error('images expected');
    const sigOfA = new URL(a.preview_url).searchParams.get('sig')!;
    expect((await fetch(at.local(a.preview_url))).status).toBe(200);
    expect((await fetch(`${t.baseUrl}/api/chatkit/attachments/${b.id}/preview?sig=${sigOfA}`)).status).toBe(404);
    expect((await fetch(`${t.baseUrl}/api/chatkit/attachments/${a.id}/preview?sig=${sigOfA.slice(0, -2)}xx`)).status).toBe(404);
    expect((await fetch(`${t.baseUrl}/api/chatkit/attachments/${a.id}/preview`)).status).toBe(404);
    const [exp, kid, mac] = sigOfA.split('.');
    const later = `${Number(exp) + 3600}.${kid}.${mac}`;
    expect((await fetch(`${t.baseUrl}/api/chatkit/attachments/${a.id}/preview?sig=${later}`)).status).toBe(404);
  });
});

describe('switch and limits', () => {
  it('is off unless the workflow enables it; public metadata tells the element', async () => {
    const off = await ck.workflow(cookie, templateDefinition, 'No files');
    const offToken = await ck.visitorToken(off, await ck.publish(cookie, off));
    await expectError(await at.create(offToken, { name: 'a.png', size: 10, mime_type: 'image/png' }), 403, ErrorCode.AttachmentsDisabled);
    await expectError(await ck.call(offToken, 'threads.create', { input: withFiles('x', ['atc_nope']) }), 403, ErrorCode.AttachmentsDisabled);
    const offMeta = ZPublicWorkflow.parse((await ck.api.get(`/public/workflows/${off}`)).body);
    expect(offMeta.chat.attachments).toBeUndefined();
    const onMeta = ZPublicWorkflow.parse((await ck.api.get(`/public/workflows/${wf}`)).body);
    expect(onMeta.chat.attachments).toEqual({
      enabled: true,
      accept: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'],
      maxSizeBytes: 10 * 1024 * 1024,
      maxFilesPerMessage: 2,
    });
  });

  it('refuses too large files (declared or actual) with 413 and unknown or lying types with 415', async () => {
    const token = await visitor();
    await expectError(
      await at.create(token, { name: 'big.png', size: 10 * 1024 * 1024 + 1, mime_type: 'image/png' }),
      413,
      ErrorCode.AttachmentTooLarge,
    );
    await expectError(await at.create(token, { name: 'x.svg', size: 100, mime_type: 'image/svg+xml' }), 415, ErrorCode.AttachmentUnsupportedType);
    await expectError(await at.create(token, { name: 'x.html', size: 100, mime_type: 'text/html' }), 415, ErrorCode.AttachmentUnsupportedType);

    // Declared a PNG, sends HTML: the bytes decide.
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const lying = ZAttachment.parse((await at.create(token, { name: 'a.png', size: html.length, mime_type: 'image/png' })).body);
    await expectError(await at.put(token, lying, html, 'image/png'), 415, ErrorCode.AttachmentUnsupportedType);
    // Declared text, sends a PNG (binary): refused too.
    const textLie = ZAttachment.parse((await at.create(token, { name: 'a.txt', size: PNG_1PX.length, mime_type: 'text/plain' })).body);
    await expectError(await at.put(token, textLie, PNG_1PX, 'text/plain'), 415, ErrorCode.AttachmentUnsupportedType);
    // Declared small, sends more than the limit: cut at the limit.
    const narrowWf = await ck.workflow(cookie, attachmentsLlmDefinition({ enabled: true, accept: ['text/plain'], maxSizeMb: 0.01 }), 'Narrow');
    const narrow = await ck.canvasToken(cookie, narrowWf);
    await expectError(await at.create(narrow, { name: 'a.png', size: 10, mime_type: 'image/png' }), 415, ErrorCode.AttachmentUnsupportedType);
    const small = ZAttachment.parse((await at.create(narrow, { name: 'a.txt', size: 100, mime_type: 'text/plain' })).body);
    await expectError(await at.put(narrow, small, Buffer.alloc(20_000, 'a'), 'text/plain'), 413, ErrorCode.AttachmentTooLarge);
    // Without a Content-Length (chunked), the limit holds while streaming.
    const chunked = ZAttachment.parse((await at.create(narrow, { name: 'b.txt', size: 100, mime_type: 'text/plain' })).body);
    const stream = new ReadableStream({
      pull(controller) {
        controller.enqueue(Buffer.alloc(4096, 'b'));
      },
    });
    await expectError(await at.put(narrow, chunked, stream, 'text/plain'), 413, ErrorCode.AttachmentTooLarge);
    expect(await chunkRows(chunked.id)).toBe(0);
    // A size other than declared.
    const wrong = ZAttachment.parse((await at.create(narrow, { name: 'c.txt', size: 100, mime_type: 'text/plain' })).body);
    await expectError(await at.put(narrow, wrong, Buffer.alloc(50, 'c'), 'text/plain'), 400, ErrorCode.RequestInvalid);
    // After a refused upload the same attachment can be uploaded properly.
    expect((await at.put(narrow, wrong, Buffer.alloc(100, 'c'), 'text/plain')).status).toBe(200);
    await expectError(await at.put(narrow, wrong, Buffer.alloc(100, 'c'), 'text/plain'), 409, ErrorCode.AttachmentAlreadyUploaded);
  });

  it('limits files per message and per visitor per day; files must be uploaded before sending', async () => {
    const token = await visitor();
    const files = [];
    for (let i = 0; i < 3; i += 1) files.push(await at.uploaded(token, `${i}.png`, 'image/png', PNG_1PX));
    await expectError(
      await ck.call(token, 'threads.create', { input: withFiles('three', files.map((f) => f.id)) }),
      400,
      ErrorCode.RequestInvalid,
    );
    const pending = ZAttachment.parse((await at.create(token, { name: 'p.png', size: PNG_1PX.length, mime_type: 'image/png' })).body);
    await expectError(await ck.call(token, 'threads.create', { input: withFiles('wait', [pending.id]) }), 409, ErrorCode.AttachmentNotUploaded);

    for (let i = 4; i < MAX_PER_DAY; i += 1) {
      expect((await at.create(token, { name: 'n.png', size: 10, mime_type: 'image/png' })).status).toBe(200);
    }
    const over = await at.create(token, { name: 'n.png', size: 10, mime_type: 'image/png' });
    await expectError(over, 429, ErrorCode.AttachmentLimitReached);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another visitor has their own allowance.
    expect((await at.create(await visitor(), { name: 'n.png', size: 10, mime_type: 'image/png' })).status).toBe(200);
  });
});

describe('expiry', () => {
  it('deletes uploads no message referenced after the TTL, rows and bytes; sent ones stay', async () => {
    const token = await visitor();
    const stale = await at.uploaded(token, 'stale.png', 'image/png', PNG_1PX);
    const fresh = await at.uploaded(token, 'fresh.png', 'image/png', PNG_1PX);
    const sent = await at.uploaded(token, 'sent.png', 'image/png', PNG_1PX);
    await ck.call(token, 'threads.create', { input: withFiles('keep me', [sent.id]) });
    await t.database.db.sql.query(
      `UPDATE "ChatAttachment" SET "createdAt" = "createdAt" - interval '2 days' WHERE "id" = ANY($1::text[])`,
      [[stale.id, sent.id]],
    );
    const deleted = await t.app.get(AttachmentsSweep, { strict: false }).sweep();
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect((await at.download(token, stale.id)).status).toBe(404);
    expect(await chunkRows(stale.id)).toBe(0);
    expect((await at.download(token, fresh.id)).status).toBe(200);
    expect((await at.download(token, sent.id)).status).toBe(200);
  });
});

/** PUTs a file with curl (streamed from disk); the HTTP status. */
function curlPut(url: string, token: string, file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'curl',
      ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'PUT', '-T', file, '-H', `authorization: Bearer ${token}`, '-H', 'content-type: text/plain', '-H', 'expect:', url],
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
  });
}

describe('memory', () => {
  it('streams a 10 MB upload and download without holding the file in memory', { timeout: 120_000 }, async () => {
    const token = await visitor();
    const size = 10 * 1024 * 1024;
    const created = ZAttachment.parse((await at.create(token, { name: 'big.txt', size, mime_type: 'text/plain' })).body);
    // The file is sent by curl, another process, so that only the server's memory is measured here.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wfchat-upload-')), 'big.txt');
    const hash = createHash('sha256');
    const out = fs.openSync(file, 'w');
    for (let i = 0; i < size / 65_536; i += 1) {
      const chunk = Buffer.alloc(65_536, String.fromCharCode(97 + (i % 26)));
      hash.update(chunk);
      fs.writeSync(out, chunk);
    }
    fs.closeSync(out);
    // PGlite keeps the database itself in this process's memory: count only the JS heap there.
    const onPg = t.database.db.kind === 'postgres';
    const used = () => {
      const m = process.memoryUsage();
      return m.heapUsed + (onPg ? m.arrayBuffers : 0);
    };
    // What stays reachable is what counts, not garbage not yet collected: collect before each sample.
    v8.setFlagsFromString('--expose-gc');
    const collect = vm.runInNewContext('gc') as () => void;
    // A collection frees array buffers' memory on a background sweeper, so right
    // after one, `arrayBuffers` may still count up to everything just dropped
    // (seen: 26 MB of 26 MB). The next collection waits for that sweep first.
    const gc = () => {
      collect();
      collect();
    };
    gc();
    const baseline = used();
    let peak = baseline;
    let peakDetail = '';
    const sampler = setInterval(() => {
      gc();
      const now = used();
      if (now > peak) {
        const m = process.memoryUsage();
        peakDetail = `heap ${(m.heapUsed / 1e6).toFixed(1)} MB, arrayBuffers ${(m.arrayBuffers / 1e6).toFixed(1)} MB`;
      }
      peak = Math.max(peak, now);
    }, 200);
    const startedAt = performance.now();
    const status = await curlPut(at.local(created.upload_url!), token, file);
    const uploadMs = performance.now() - startedAt;
    clearInterval(sampler);
    expect(status).toBe('200');
    const growth = peak - baseline;
    console.log(`attachments: 10 MB upload on ${t.database.db.kind}: peak memory growth ${(growth / 1024 / 1024).toFixed(1)} MB (${peakDetail})`);
    // Holding the file whole would be at least its size; a few chunks in flight (and buffers freed but not yet released) stay well under.
    expect(growth).toBeLessThan(size * 0.8);

    const download = await at.download(token, created.id);
    const got = createHash('sha256');
    let bytes = 0;
    for await (const chunk of download.body as unknown as AsyncIterable<Uint8Array>) {
      got.update(chunk);
      bytes += chunk.length;
    }
    expect(bytes).toBe(size);
    expect(got.digest('hex')).toBe(hash.digest('hex'));
    console.log(`attachments: 10 MB on ${t.database.db.kind}: upload ${Math.round(uploadMs)} ms, download ${Math.round(performance.now() - startedAt - uploadMs)} ms`);
  });
});

describe('other routes stay JSON-only', () => {
  it('a non-JSON body elsewhere is still 415', async () => {
    const res = await fetch(`${t.baseUrl}/api/chatkit`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ type: 'threads.list', params: {} }),
    });
    expect(res.status).toBe(415);
    expect(input('x').attachments).toEqual([]);
  });
});
