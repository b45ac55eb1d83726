import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ErrorCode, ZAttachment, ZErrorBody } from '@wfchat/contracts';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLlmStub, type LlmStub } from '../src/dev/llm-stub.js';
import { AttachmentsSweep } from '../src/modules/attachments/attachments.sweep.js';
import { attachmentsClient, attachmentsLlmDefinition, PNG_1PX, withFiles } from './support/attachments.js';
import { chatkitClient } from './support/chatkit.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The same attachments against a real S3-compatible server: s3rver (npm), which
 * keeps objects as files in a directory, so the test can see what the bucket holds.
 */
const BUCKET = 'wfchat-attachments';
let s3: S3rver;
let s3Dir: string;
let s3Running = false;
let t: TestApp;
let stub: LlmStub;
let ck: ReturnType<typeof chatkitClient>;
let at: ReturnType<typeof attachmentsClient>;
let cookie: string;
let token: () => Promise<string>;

/** Whether the bucket holds an object for this attachment (s3rver stores `<key>._S3rver_object`). */
const inBucket = (id: string) => fs.existsSync(path.join(s3Dir, BUCKET, 'attachments', `${id}._S3rver_object`));

beforeAll(async () => {
  s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfchat-s3-'));
  s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: BUCKET, configs: [] }] });
  const { port } = await s3.run();
  s3Running = true;
  stub = await startLlmStub({ chunkDelayMs: 0 });
  t = await startTestApp({
    env: {
      LLM_BASE_URL: stub.url,
      ATTACHMENTS_S3_BUCKET: BUCKET,
      ATTACHMENTS_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      ATTACHMENTS_S3_ACCESS_KEY_ID: 'S3RVER',
      ATTACHMENTS_S3_SECRET_ACCESS_KEY: 'S3RVER',
    },
  });
  ck = chatkitClient(t.baseUrl);
  at = attachmentsClient(t.baseUrl, ck);
  ({ cookie } = await ck.owner());
  const wf = await ck.workflow(cookie, attachmentsLlmDefinition());
  const publishToken = await ck.publish(cookie, wf);
  token = () => ck.visitorToken(wf, publishToken);
});
afterAll(async () => {
  await t?.close();
  await stub?.close();
  if (s3Running) await s3.close();
});

describe('attachments in an S3-compatible bucket', () => {
  it('stores the bytes in the bucket, not the database, and the LLM and the owner get them back', async () => {
    const visitor = await token();
    const image = await at.uploaded(visitor, 'shot.png', 'image/png', PNG_1PX);
    expect(inBucket(image.id)).toBe(true);
    const rows = await t.database.db.sql.query<{ n: number; storage: string }>(
      `SELECT (SELECT count(*)::int FROM "ChatAttachmentChunk" WHERE "attachmentId" = $1) AS n,
              (SELECT "storage" FROM "ChatAttachment" WHERE "id" = $1) AS storage`,
      [image.id],
    );
    expect(rows[0]).toEqual({ n: 0, storage: 's3' });

    const res = await ck.call(visitor, 'threads.create', { input: withFiles('look', [image.id]) });
    expect(res.events.filter((e) => e.type === 'thread.item.done').at(-1)!.item.content[0].text).toBe(
      'I received 1 image. Echo: look',
    );
    const download = await at.download(visitor, image.id);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PNG_1PX);
    expect((await at.download(await token(), image.id)).status).toBe(404);
  });

  it('keeps nothing of a refused upload, and deletes and expires objects', async () => {
    const visitor = await token();
    const html = Buffer.from('<html>not an image</html>');
    const lying = ZAttachment.parse((await at.create(visitor, { name: 'a.png', size: html.length, mime_type: 'image/png' })).body);
    expect((await at.put(visitor, lying, html, 'image/png')).status).toBe(415);
    expect(inBucket(lying.id)).toBe(false);

    const unsent = await at.uploaded(visitor, 'u.png', 'image/png', PNG_1PX);
    expect((await ck.call(visitor, 'attachments.delete', { attachment_id: unsent.id })).status).toBe(200);
    expect(inBucket(unsent.id)).toBe(false);

    const stale = await at.uploaded(visitor, 's.png', 'image/png', PNG_1PX);
    await t.database.db.sql.query(
      `UPDATE "ChatAttachment" SET "createdAt" = "createdAt" - interval '2 days' WHERE "id" = $1`,
      [stale.id],
    );
    await t.app.get(AttachmentsSweep, { strict: false }).sweep();
    expect(inBucket(stale.id)).toBe(false);
  });

  it('removes the objects of a deleted conversation at the next sweep', async () => {
    const visitor = await token();
    const sent = await at.uploaded(visitor, 'kept.png', 'image/png', PNG_1PX);
    const res = await ck.call(visitor, 'threads.create', { input: withFiles('keep', [sent.id]) });
    expect((await ck.call(visitor, 'threads.delete', { thread_id: res.events[0]!.thread.id })).status).toBe(200);
    // The row went with the conversation; the object waits for the sweep.
    expect((await at.download(visitor, sent.id)).status).toBe(404);
    expect(inBucket(sent.id)).toBe(true);
    await t.app.get(AttachmentsSweep, { strict: false }).sweep();
    expect(inBucket(sent.id)).toBe(false);
    const notes = await t.database.db.sql.query(`SELECT 1 FROM "ChatAttachmentOrphan" WHERE "id" = $1`, [sent.id]);
    expect(notes).toHaveLength(0);
  });

  it('answers 503 with Retry-After while the bucket is unreachable', async () => {
    const visitor = await token();
    const created = ZAttachment.parse((await at.create(visitor, { name: 'o.png', size: PNG_1PX.length, mime_type: 'image/png' })).body);
    await s3.close();
    s3Running = false;
    const res = await at.put(visitor, created, PNG_1PX, 'image/png');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect(ZErrorBody.parse(await res.json()).code).toBe(ErrorCode.Unavailable);
  });
});
