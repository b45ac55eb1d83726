import { describe, expect, it } from 'vitest';
import { sseData } from './llm.sse.js';

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
});
