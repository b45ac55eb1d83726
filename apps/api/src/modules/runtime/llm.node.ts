import type { TLlmNode } from '@wfchat/contracts';
import { request, type Dispatcher } from 'undici';
import type { AppConfig } from '../../config/config.schema.js';
import { RuntimeError, RuntimeErrorCode } from './runtime.errors.js';
import { renderTemplate, type TemplateScope } from './runtime.template.js';
import type { NodeEvent, NodeRun, TurnAttachment, TurnInput } from './runtime.types.js';
import { SseEventTooLarge, sseData } from './llm.sse.js';

export interface LlmStepContext {
  llm: AppConfig['llm'];
  scope: TemplateScope;
  /** The predecessor's output, or the visitor's input for a start node. */
  prompt: string;
  history: TurnInput['history'];
  /** Files of the visitor's message, sent along with the prompt. */
  attachments?: TurnAttachment[];
  signal: AbortSignal;
}

type ContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };
type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string | ContentPart[] };

/**
 * The user message of a step: plain text, or OpenAI-compatible content parts
 * when files came with it (images as `image_url` data URLs, text files as
 * text parts, other files by name).
 */
export function userContent(prompt: string, attachments: TurnAttachment[] = []): ChatMessage['content'] {
  if (!attachments.length) return prompt;
  const parts: ContentPart[] = [{ type: 'text', text: prompt }];
  for (const file of attachments) {
    if (file.kind === 'image') parts.push({ type: 'image_url', image_url: { url: file.dataUrl } });
    else if (file.kind === 'text') parts.push({ type: 'text', text: `Attached file "${file.name}":\n${file.text}` });
    else parts.push({ type: 'text', text: `Attached file "${file.name}" (${file.mimeType}), not readable here.` });
  }
  return parts;
}

/** Streams one chat completion from an OpenAI-compatible provider; yields its tokens as deltas. */
export async function* runLlmNode(node: TLlmNode, ctx: LlmStepContext): NodeRun {
  const llm = ctx.llm;
  if (!llm) {
    throw new RuntimeError(
      RuntimeErrorCode.LlmNotConfigured,
      'This assistant needs a language model, but none is configured on this server yet.',
      false,
    );
  }
  const messages: ChatMessage[] = [];
  if (node.config.system) messages.push({ role: 'system', content: renderTemplate(node.config.system, ctx.scope) });
  if (node.config.history) messages.push(...ctx.history);
  messages.push({ role: 'user', content: userContent(ctx.prompt, ctx.attachments) });

  yield { type: 'progress', text: 'Thinking…' };

  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
  if (llm.apiKey) headers.authorization = `Bearer ${llm.apiKey}`;
  // Providers send token usage in a last chunk only when asked; analytics and daily token caps count it.
  const body: Record<string, unknown> = {
    model: node.config.model ?? llm.model,
    messages,
    stream: true,
    stream_options: { include_usage: true },
  };
  if (node.config.temperature !== undefined) body.temperature = node.config.temperature;

  // undici's request, not fetch: the body comes as a Node stream, without the
  // web streams, promises and garbage fetch makes for every chunk of a long answer.
  let response: Dispatcher.ResponseData;
  try {
    response = await request(`${llm.baseUrl}/chat/completions`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: ctx.signal,
    });
  } catch (e) {
    if (ctx.signal.aborted) throw e;
    throw failed('could not be reached');
  }
  if (response.statusCode < 200 || response.statusCode > 299) {
    // Read so the connection can be reused; the provider's text is not for visitors.
    await response.body.dump().catch(() => undefined);
    throw failed(`answered with an error (HTTP ${response.statusCode})`);
  }

  let output = '';
  let complete = false;
  try {
    // `[DONE]` comes just before the end of the response. Reading on to that
    // end (below) instead of dropping the body there keeps the connection for
    // the next turn: otherwise every turn opens a new one (and with https, a
    // new TLS handshake).
    for await (const data of sseData(response.body.iterator({ destroyOnReturn: false }))) {
      const chunk = parseChunk(data);
      const delta = contentOf(chunk);
      if (delta) {
        output += delta;
        yield { type: 'delta', delta };
      }
      const usage = usageOf(chunk);
      if (usage) yield usage;
    }
    complete = true;
  } catch (e) {
    if (ctx.signal.aborted || e instanceof RuntimeError) throw e;
    if (e instanceof SseEventTooLarge) throw failed('sent an unreadable answer');
    throw failed('stopped answering mid-way');
  } finally {
    // A failure, or a turn stopped early: nothing more is read from this answer.
    if (!complete) response.body.destroy();
  }
  await drain(response.body);
  return output;
}

/** How long a provider may take to end its answer after `[DONE]` before the connection is closed instead of kept. */
const END_AFTER_DONE_MS = 1_000;

/** Reads what is left of an answer whose last event was read (the end of the response), so that its connection is reused. */
async function drain(body: Dispatcher.ResponseData['body']): Promise<void> {
  if (body.readableEnded) return;
  const timer = setTimeout(() => body.destroy(), END_AFTER_DONE_MS);
  try {
    await body.dump({ limit: Number.MAX_SAFE_INTEGER });
  } catch {
    // Closed instead: the next turn opens a new connection.
  } finally {
    clearTimeout(timer);
  }
}

function failed(what: string): RuntimeError {
  return new RuntimeError(RuntimeErrorCode.LlmFailed, `The language model ${what}. Please try again.`, true);
}

/** One streamed chunk; an `error` object in the stream is a failure. */
function parseChunk(data: string): unknown {
  let chunk: unknown;
  try {
    chunk = JSON.parse(data);
  } catch {
    throw failed('sent an unreadable answer');
  }
  if (chunk && typeof chunk === 'object' && 'error' in chunk && chunk.error) throw failed('reported an error');
  return chunk;
}

const tokenCount = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : 0);

/** The `usage` of the chunk that carries it (the last one, with `include_usage`). */
function usageOf(chunk: unknown): NodeEvent | null {
  const usage = (chunk as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } } | null)?.usage;
  if (!usage || typeof usage !== 'object') return null;
  return { type: 'usage', tokensIn: tokenCount(usage.prompt_tokens), tokensOut: tokenCount(usage.completion_tokens) };
}

/** `choices[0].delta.content` of one streamed chunk. */
function contentOf(chunk: unknown): string {
  if (!chunk || typeof chunk !== 'object') return '';
  const choices = (chunk as { choices?: { delta?: { content?: unknown } }[] }).choices;
  const content = choices?.[0]?.delta?.content;
  return typeof content === 'string' ? content : '';
}
