import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OpenAI-compatible chat-completions server for tests, E2E and the
 * benchmark. Not used in production. Behaviour is chosen per request, by the
 * first match of: the `x-stub-mode` header, a model named `stub-<mode>`, or a
 * `[[stub:<mode>]]` directive in the last user message. Modes:
 *
 * - `echo` (default): streams `Echo: <last user message>` word by word;
 * - `slow`: like echo with `slowDelayMs` between chunks (progress UIs);
 * - `fail-midstream`: streams `Partial answer ` in a few chunks, then destroys the socket;
 * - `hang`: streams one chunk (`Hold on`) and never finishes, so aborts can be observed;
 * - `html`: streams markup with a script in it (for escaping tests);
 * - `table`: streams a Markdown table and a fenced code block (rich rendering tests);
 * - `error`: answers HTTP 500 with a JSON error body;
 * - `fail-once`: the first request with a given prompt behaves as `fail-midstream`,
 *   later ones as `echo` (a retry that succeeds);
 * - `linger`: like echo, but the response never ends after its `[DONE]`.
 *
 * A streamed answer that ends normally carries, when the request asks with
 * `stream_options.include_usage`, a last chunk with `usage` as OpenAI sends it
 * (`choices: []`): see `stubUsage` for the counts.
 *
 * A user message sent as content parts (files attached) is read as the text of
 * its text parts; when it has `image_url` parts, the echo starts with
 * `I received N image(s). ` so tests can see the images arrived.
 *
 * Every request is captured in `requests` (content parts flattened to text, the images counted); a client disconnecting before the
 * answer ended counts in `aborted` and resolves `waitForAborted()`; `connections` counts the connections clients opened.
 */
const MODES = ['echo', 'slow', 'fail-midstream', 'hang', 'html', 'table', 'error', 'fail-once', 'linger'] as const;
export type LlmStubMode = (typeof MODES)[number];

export interface LlmStubRequest {
  model: string;
  messages: { role: string; content: string }[];
  stream: boolean;
  temperature?: number;
  /** The request asked for `usage` (`stream_options.include_usage`). */
  includeUsage: boolean;
  /** `image_url` parts of the last user message, as sent (data URLs). */
  images: string[];
  headers: http.IncomingHttpHeaders;
  mode: LlmStubMode;
}

export interface LlmStubOptions {
  port?: number;
  host?: string;
  /** Delay between streamed chunks (default 5 ms; 0 for benchmarks). */
  chunkDelayMs?: number;
  /** Delay between chunks in `slow` mode (default 200 ms). */
  slowDelayMs?: number;
}

export interface LlmStub {
  /** Base URL to use as LLM_BASE_URL, e.g. `http://127.0.0.1:41234/v1`. */
  url: string;
  requests: LlmStubRequest[];
  /** Responses the client abandoned before they ended. */
  readonly aborted: number;
  /** Connections opened by clients so far. */
  readonly connections: number;
  /** Resolves once `aborted` reaches `count` (default: one more than now). */
  waitForAborted(count?: number): Promise<void>;
  close(): Promise<void>;
}

export const STUB_HTML_REPLY = '<script>alert("stub")</script><b>bold</b> <img src=x onerror="alert(1)">';
export const STUB_TABLE_REPLY =
  'Our plans:\n\n| Plan | Price |\n|------|------:|\n| Basic | 10 € |\n| Pro | 20 € |\n\nInstall with:\n\n```sh\nnpm ci\n```';

export function stubEchoReply(prompt: string, images = 0): string {
  const received = images ? `I received ${images} image${images === 1 ? '' : 's'}. ` : '';
  return `${received}Echo: ${prompt.replace(/\[\[stub:[a-z-]+\]\]\s*/g, '')}`;
}

type StubContent = string | { type?: string; text?: string; image_url?: { url?: string } }[];

const textOf = (content: StubContent | undefined) =>
  typeof content === 'string'
    ? content
    : (content ?? [])
        .map((p) => (p.type === 'text' ? (p.text ?? '') : ''))
        .filter(Boolean)
        .join('\n');

const imagesOf = (content: StubContent | undefined) =>
  typeof content === 'string'
    ? []
    : (content ?? []).flatMap((p) => (p.type === 'image_url' && p.image_url?.url ? [p.image_url.url] : []));

/** The chunks the default mode streams for a prompt: words, each with its following spaces. */
export function stubTokens(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** What the stub reports as used: a token per word of the prompt, a token per streamed chunk. */
export function stubUsage(messages: { content: string }[], tokens: string[]) {
  const promptTokens = messages.reduce((n, m) => n + (m.content.match(/\S+/g)?.length ?? 0), 0);
  const completionTokens = tokens.filter(Boolean).length;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
}

export async function startLlmStub(options: LlmStubOptions = {}): Promise<LlmStub> {
  const chunkDelayMs = options.chunkDelayMs ?? 5;
  const slowDelayMs = options.slowDelayMs ?? 200;
  const requests: LlmStubRequest[] = [];
  /** Prompts already failed once in `fail-once` mode. */
  const failedOnce = new Set<string>();
  let aborted = 0;
  let connections = 0;
  let waiters: { count: number; resolve: () => void }[] = [];
  const sockets = new Set<import('node:net').Socket>();

  const noteAbort = () => {
    aborted += 1;
    waiters = waiters.filter((w) => (aborted >= w.count ? (w.resolve(), false) : true));
  };

  const server = http.createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: {
      model?: string;
      messages?: { role: string; content: StubContent }[];
      stream?: boolean;
      temperature?: number;
      stream_options?: { include_usage?: boolean };
    };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"invalid JSON"}}');
      return;
    }
    const lastUserContent = [...(body.messages ?? [])].reverse().find((m) => m.role === 'user')?.content;
    const images = imagesOf(lastUserContent);
    const messages = (body.messages ?? []).map((m) => ({ role: m.role, content: textOf(m.content) }));
    const lastUser = textOf(lastUserContent);
    let mode = pickMode(req.headers['x-stub-mode'], body.model, lastUser);
    if (mode === 'fail-once') {
      mode = failedOnce.has(lastUser) ? 'echo' : 'fail-midstream';
      failedOnce.add(lastUser);
    }
    const model = body.model ?? 'stub';
    requests.push({
      model,
      messages,
      stream: body.stream === true,
      temperature: body.temperature,
      includeUsage: body.stream_options?.include_usage === true,
      images,
      headers: req.headers,
      mode,
    });

    if (mode === 'error') {
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"stub failure"}}');
      return;
    }

    const text =
      mode === 'html'
        ? STUB_HTML_REPLY
        : mode === 'table'
          ? STUB_TABLE_REPLY
          : mode === 'fail-midstream'
            ? 'Partial answer '
            : mode === 'hang'
              ? 'Hold on'
              : stubEchoReply(lastUser, images.length);
    const tokens =
      mode === 'fail-midstream' ? ['Partial ', 'answer ', ''] : mode === 'hang' ? ['Hold on'] : stubTokens(text);

    if (!body.stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'stub',
          object: 'chat.completion',
          model,
          choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
        }),
      );
      return;
    }

    let finished = false;
    res.on('close', () => {
      if (!finished) noteAbort();
    });
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (payload: unknown) => res.write(`data: ${JSON.stringify(payload)}\n\n`);
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
      id: 'stub',
      object: 'chat.completion.chunk',
      model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    });

    send(chunk({ role: 'assistant', content: '' }));
    const delay = mode === 'slow' ? slowDelayMs : chunkDelayMs;
    for (const token of tokens) {
      if (res.destroyed) return;
      if (token) send(chunk({ content: token }));
      if (delay > 0) await sleep(delay);
    }
    if (mode === 'hang') return; // never ends; the client has to give up
    if (mode === 'fail-midstream') {
      res.socket?.destroy();
      return;
    }
    send(chunk({}, 'stop'));
    if (body.stream_options?.include_usage) {
      const usage = stubUsage(messages, tokens);
      send({ id: 'stub', object: 'chat.completion.chunk', model, choices: [], usage });
    }
    finished = true;
    // Real providers end the response after `[DONE]`, often in a later packet.
    res.write('data: [DONE]\n\n');
    if (mode !== 'linger') setTimeout(() => res.end(), 2);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep accept queue: the streams bench opens thousands of upstream requests at once.
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', 4096, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}/v1`,
    requests,
    get aborted() {
      return aborted;
    },
    get connections() {
      return connections;
    },
    waitForAborted(count = aborted + 1) {
      if (aborted >= count) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push({ count, resolve }));
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function pickMode(header: string | string[] | undefined, model: string | undefined, lastUser: string): LlmStubMode {
  const fromHeader = typeof header === 'string' ? header : undefined;
  const fromModel = model?.startsWith('stub-') ? model.slice(5) : undefined;
  const fromPrompt = /\[\[stub:([a-z-]+)\]\]/.exec(lastUser)?.[1];
  for (const candidate of [fromHeader, fromModel, fromPrompt]) {
    if (candidate && (MODES as readonly string[]).includes(candidate)) return candidate as LlmStubMode;
  }
  return 'echo';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
