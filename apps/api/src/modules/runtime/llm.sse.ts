import { createParser } from 'eventsource-parser';

/**
 * Characters an event may buffer before it ends (an OpenAI chunk is well under
 * a kilobyte). A provider that never ends a line must not grow our memory or
 * the work of each later chunk without bound.
 */
export const SSE_MAX_EVENT_CHARS = 1024 * 1024;

/** The provider sent an event larger than `SSE_MAX_EVENT_CHARS`. */
export class SseEventTooLarge extends Error {}

/**
 * Reads an OpenAI-style Server-Sent Events body: yields the `data` of each
 * event, in order, ending at `data: [DONE]`. Parsing is eventsource-parser's
 * (linear in the body, buffer capped); `event:`, `id:` and comments carry
 * nothing we use. A last event without its closing blank line still counts.
 */
export async function* sseData(
  body: AsyncIterable<Uint8Array>,
  maxEventChars = SSE_MAX_EVENT_CHARS,
): AsyncGenerator<string, void, void> {
  const decoder = new TextDecoder();
  let events: string[] = [];
  let tooLarge = false;
  const parser = createParser({
    maxBufferSize: maxEventChars,
    onEvent: (event) => events.push(event.data),
    onError: (error) => {
      if (error.type === 'max-buffer-size-exceeded') tooLarge = true;
    },
  });
  const drain = function* () {
    const ready = events;
    events = [];
    for (const data of ready) {
      if (data === '[DONE]') return true;
      yield data;
    }
    return false;
  };
  for await (const chunk of body) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    if (tooLarge) throw new SseEventTooLarge(`an event was over ${maxEventChars} characters`);
    if (yield* drain()) return;
  }
  parser.feed(`${decoder.decode()}\n\n`);
  yield* drain();
}
