import { describe, expect, it } from 'vitest';
import { readSseData, SseParser } from './sse-parser.js';

const encoder = new TextEncoder();

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

async function collect(body: ReadableStream<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const data of readSseData(body)) out.push(data);
  return out;
}

const events = [
  { type: 'thread.created', thread: { id: 'thr_1', title: 'Café ☕ 日本' } },
  { type: 'thread.item.updated', item_id: 'msg_1', update: { type: 'assistant_message.content_part.text_delta', content_index: 0, delta: 'héllo 👋' } },
  { type: 'notice', level: 'info', message: 'a\nb' },
];
const wire = events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join('');

describe('SSE parsing', () => {
  it('parses several events from one chunk', () => {
    const parser = new SseParser();
    expect(parser.push(wire).map((d) => JSON.parse(d))).toEqual(events);
  });

  it('handles a body split at every possible byte boundary, including inside UTF-8 characters', async () => {
    const bytes = encoder.encode(wire);
    for (let cut = 1; cut < bytes.length; cut += 1) {
      const parsed = await collect(streamOf([bytes.slice(0, cut), bytes.slice(cut)]));
      expect(parsed.map((d) => JSON.parse(d))).toEqual(events);
    }
  });

  it('handles one byte per chunk', async () => {
    const bytes = encoder.encode(wire);
    const chunks = Array.from(bytes, (byte) => Uint8Array.of(byte));
    expect((await collect(streamOf(chunks))).map((d) => JSON.parse(d))).toEqual(events);
  });

  it('accepts CRLF line endings split between chunks, multi-line data and ignores other fields', async () => {
    const text = ': comment\r\nevent: x\r\nid: 1\r\ndata: {"a":\r\ndata: 1}\r\n\r\ndata:{"b":2}\r\n\r\n';
    const bytes = encoder.encode(text);
    const cut = text.indexOf('\r\n\r\n') + 1; // between CR and LF
    expect(await collect(streamOf([bytes.slice(0, cut), bytes.slice(cut)]))).toEqual(['{"a":\n1}', '{"b":2}']);
  });

  it('yields a final event that is not followed by a blank line when the body closes', async () => {
    expect(await collect(streamOf([encoder.encode('data: {"x":1}\n\ndata: {"y":2}')]))).toEqual(['{"x":1}', '{"y":2}']);
  });
});
