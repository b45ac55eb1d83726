/**
 * Reads an OpenAI-style Server-Sent Events body: yields the `data:` payload of
 * each event (without the prefix), in order, ending at `data: [DONE]`.
 * Other fields (`event:`, `id:`, comments) are ignored; they carry nothing we use.
 */
export async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string, void, void> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf('\n')) !== -1) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (!line.startsWith('data:')) continue;
      const data = line.slice(line[5] === ' ' ? 6 : 5);
      if (data === '[DONE]') return;
      yield data;
    }
  }
  const rest = (buffer + decoder.decode()).trim();
  if (rest.startsWith('data:')) {
    const data = rest.slice(rest[5] === ' ' ? 6 : 5);
    if (data !== '[DONE]') yield data;
  }
}
