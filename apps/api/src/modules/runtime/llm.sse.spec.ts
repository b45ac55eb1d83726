import { describe, expect, it } from 'vitest';
import { SseEventTooLarge, sseData } from './llm.sse.js';

function streamOf(...parts: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const p of parts) controller.enqueue(encoder.encode(p));
      controller.close();
    },
  });
}

async function all(body: ReadableStream<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const d of sseData(body)) out.push(d);
  return out;
}

describe('sseData', () => {
  it('yields data payloads across chunk boundaries, CRLF, comments, and stops at [DONE]', async () => {
    const body = streamOf(
      ': keep-alive\r\n',
      'data: {"a":',
      '1}\r\n\r\nevent: x\ndata:{"b":2}\n\n',
      'data: [DONE]\n\ndata: {"late":true}\n\n',
    );
    expect(await all(body)).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('yields a last event without a trailing newline', async () => {
    expect(await all(streamOf('data: {"a":1}'))).toEqual(['{"a":1}']);
  });

  it('keeps multi-byte characters split across chunks intact', async () => {
    const bytes = new TextEncoder().encode('data: "héllo ✓"\n');
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.slice(0, 9));
        c.enqueue(bytes.slice(9));
        c.close();
      },
    });
    expect(await all(body)).toEqual(['"héllo ✓"']);
  });

  it('refuses an event that never ends instead of buffering it without bound', async () => {
    // 4 MB of one line in 16 KB chunks: the former parser rescanned the whole buffer per chunk.
    const piece = 'x'.repeat(16 * 1024);
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        const encoder = new TextEncoder();
        c.enqueue(encoder.encode('data: {"a":1}\n\ndata: '));
        for (let i = 0; i < 256; i++) c.enqueue(encoder.encode(piece));
        c.close();
      },
    });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const d of sseData(body, 64 * 1024)) seen.push(d);
      })(),
    ).rejects.toBeInstanceOf(SseEventTooLarge);
    expect(seen).toEqual(['{"a":1}']);
  });

  it('reads many events of one chunk', async () => {
    const events = Array.from({ length: 50_000 }, (_, i) => `data: {"i":${i}}\n\n`).join('');
    const out = await all(streamOf(events, 'data: [DONE]\n\n'));
    expect(out).toHaveLength(50_000);
    expect(out.at(-1)).toBe('{"i":49999}');
  });
});
