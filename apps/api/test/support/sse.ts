/**
 * A strict reader of ChatKit SSE bodies for tests: every event must be exactly
 * `data: <json>\n\n` (no `event:`/`id:` lines, no `[DONE]`).
 */
export type SseEvent = { type: string; [key: string]: any };

export function parseSseText(text: string): SseEvent[] {
  if (text === '') return [];
  if (!text.endsWith('\n\n'))
    throw new Error(`SSE body does not end with a blank line: ${JSON.stringify(text.slice(-80))}`);
  return text
    .slice(0, -2)
    .split('\n\n')
    .map((block) => {
      if (!block.startsWith('data: ') || block.includes('\n'))
        throw new Error(`not a single data line: ${JSON.stringify(block)}`);
      return JSON.parse(block.slice('data: '.length)) as SseEvent;
    });
}

/**
 * Reads events as they arrive; `until` stops reading (and the caller may then
 * abort the request) as soon as it returns true for an event.
 */
export async function readSse(
  res: Response,
  until?: (event: SseEvent, all: SseEvent[]) => boolean,
): Promise<SseEvent[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end + 2);
      buffer = buffer.slice(end + 2);
      const [event] = parseSseText(block);
      events.push(event!);
      if (until?.(event!, events)) {
        await reader.cancel().catch(() => undefined);
        return events;
      }
    }
  }
  if (buffer) throw new Error(`trailing bytes after the last event: ${JSON.stringify(buffer)}`);
  return events;
}

/** The event types, with the update type for `thread.item.updated`: handy for asserting the exact order. */
export function eventTypes(events: SseEvent[]): string[] {
  return events.map((e) =>
    e.type === 'thread.item.updated' ? `updated:${e.update.type.replace('assistant_message.', '')}` : e.type,
  );
}

/** Collapses runs of `updated:text_delta` into one entry, so orders can be compared whatever the chunking. */
export function compactTypes(events: SseEvent[]): string[] {
  return eventTypes(events).filter(
    (t, i, all) => !(t === 'updated:content_part.text_delta' && all[i - 1] === 'updated:content_part.text_delta'),
  );
}
