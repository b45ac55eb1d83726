/**
 * Incremental parser for the `text/event-stream` bodies the ChatKit backend
 * sends (`data: <json>\n\n` per event). Bytes may arrive split anywhere, even
 * inside a multi-byte character, so decoding is streamed too.
 *
 * Only `data:` fields matter to ChatKit; `event:`, `id:`, `retry:` and comment
 * lines are ignored, and multi-line data is joined with `\n` as the SSE spec says.
 */
export class SseParser {
  private readonly decoder = new TextDecoder();
  private buffer = '';

  /** Feeds a chunk; returns the `data` payloads of every event it completed. */
  push(chunk: Uint8Array | string): string[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    return this.drain(false);
  }

  /** Ends the stream; returns a last event that was not followed by a blank line. */
  flush(): string[] {
    this.buffer += this.decoder.decode();
    return this.drain(true);
  }

  private drain(final: boolean): string[] {
    // Normalise line endings once; CR LF and lone CR are legal SSE separators.
    // A trailing lone CR may be the first half of a CR LF split across chunks.
    const keepCr = !final && this.buffer.endsWith('\r');
    let text = (keepCr ? this.buffer.slice(0, -1) : this.buffer).replace(/\r\n?/g, '\n');
    const events: string[] = [];
    let boundary = text.indexOf('\n\n');
    while (boundary !== -1) {
      const data = parseBlock(text.slice(0, boundary));
      if (data !== null) events.push(data);
      text = text.slice(boundary + 2);
      boundary = text.indexOf('\n\n');
    }
    if (final) {
      const data = parseBlock(text);
      if (data !== null) events.push(data);
      text = '';
    }
    this.buffer = keepCr ? `${text}\r` : text;
    return events;
  }
}

function parseBlock(block: string): string | null {
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === 'data' || line.startsWith('data:')) {
      const value = line.slice(5);
      data.push(value.startsWith(' ') ? value.slice(1) : value);
    }
  }
  return data.length > 0 ? data.join('\n') : null;
}

/** Reads a response body and yields each event's `data` payload as it completes. */
export async function* readSseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const parser = new SseParser();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* parser.push(value);
    }
    yield* parser.flush();
  } finally {
    // Stops the download when the consumer leaves early (stop button, unmount).
    reader.cancel().catch(() => undefined);
  }
}
