import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SseWriter } from './chatkit.sse.js';

const progress = (text: string) => ({ type: 'progress_update', text }) as const;

/** A real server whose handler gets an SseWriter over a response with its writes counted. */
async function serve(handler: (sse: SseWriter, writes: string[]) => Promise<void>) {
  const server = http.createServer((_req, res) => {
    const writes: string[] = [];
    const write = res.write.bind(res);
    const end = res.end.bind(res);
    vi.spyOn(res, 'write').mockImplementation(((chunk: string) => (writes.push(chunk), write(chunk))) as never);
    vi.spyOn(res, 'end').mockImplementation(((chunk?: string) => {
      if (chunk) writes.push(chunk);
      return end(chunk);
    }) as never);
    const sse = new SseWriter(res);
    sse.open();
    void handler(sse, writes).finally(() => sse.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((s) => {
      s.closeAllConnections();
      return new Promise((resolve) => s.close(resolve));
    }),
  );
});

describe('SseWriter', () => {
  it('writes the events of one tick in one write, and later ones as they come', async () => {
    let seen: string[] = [];
    const url = await serve(async (sse, writes) => {
      await nextTurn(); // as in a turn, whose events are sent from promise continuations
      sse.send(progress('a'));
      await Promise.resolve(); // an await on something already done is the same tick
      sse.send(progress('b'));
      await nextTurn();
      sse.send(progress('c'));
      await nextTurn();
      seen = [...writes];
      sse.send(progress('d')); // sent just before the end: goes out with it
    });
    const body = await (await fetch(url)).text();
    expect(seen).toEqual([
      'data: {"type":"progress_update","text":"a"}\n\ndata: {"type":"progress_update","text":"b"}\n\n',
      'data: {"type":"progress_update","text":"c"}\n\n',
    ]);
    expect(body).toBe(['a', 'b', 'c', 'd'].map((t) => `data: {"type":"progress_update","text":"${t}"}\n\n`).join(''));
  });

  it('keeps held events until release, then writes them at once', async () => {
    let whileHeld: string[] = [];
    let afterRelease: string[] = [];
    const url = await serve(async (sse, writes) => {
      await nextTurn();
      sse.hold();
      sse.send(progress('a'));
      await nextTurn();
      sse.send(progress('b'));
      await nextTurn();
      whileHeld = [...writes];
      sse.release();
      await nextTurn();
      sse.send(progress('c'));
      await nextTurn();
      afterRelease = [...writes];
    });
    await (await fetch(url)).text();
    expect(whileHeld).toEqual([]);
    expect(afterRelease).toEqual([
      'data: {"type":"progress_update","text":"a"}\n\ndata: {"type":"progress_update","text":"b"}\n\n',
      'data: {"type":"progress_update","text":"c"}\n\n',
    ]);
  });

  it('drops what is sent after the client went away, and says it is disconnected', async () => {
    let after: string[] = [];
    let disconnected = false;
    let gone!: () => void;
    const closed = new Promise<void>((resolve) => (gone = resolve));
    const url = await serve(async (sse, writes) => {
      sse.send(progress('first'));
      await closed;
      await new Promise((resolve) => setTimeout(resolve, 100));
      disconnected = sse.disconnected;
      const before = writes.length;
      sse.send(progress('late'));
      await nextTurn();
      after = writes.slice(before);
    });
    const controller = new AbortController();
    const res = await fetch(url, { signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    gone();
    await vi.waitFor(() => expect(disconnected).toBe(true));
    expect(after).toEqual([]);
  });
});
