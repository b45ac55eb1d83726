import type { TWorkflowDefinitionInput } from '@wfchat/contracts';
import { client, signUp } from './http.js';
import { parseSseText, readSse, type SseEvent } from './sse.js';

/** Helpers for ChatKit integration tests: workflows, chat tokens, and calls to POST /api/chatkit. */
export const templateDefinition: TWorkflowDefinitionInput = {
  v: 1,
  nodes: [
    { id: 't', type: 'template', config: { template: 'You said: {{input}}' } },
    { id: 'r', type: 'reply', config: {} },
  ],
  edges: [{ source: 't', target: 'r' }],
};

export const llmDefinition: TWorkflowDefinitionInput = {
  v: 1,
  nodes: [
    { id: 'l', type: 'llm', config: { history: true } },
    { id: 'r', type: 'reply', config: {} },
  ],
  edges: [{ source: 'l', target: 'r' }],
};

export const input = (text: string) => ({
  content: [{ type: 'input_text', text }],
  attachments: [],
  inference_options: {},
});

export interface ChatReply {
  status: number;
  headers: Headers;
  body: any;
  events: SseEvent[];
}

export function chatkitClient(baseUrl: string) {
  const api = client(baseUrl);

  async function owner() {
    const { cookie, user } = await signUp(baseUrl);
    return { cookie, user };
  }

  async function workflow(
    cookie: string,
    definition: TWorkflowDefinitionInput = templateDefinition,
    name = 'Chat test',
  ) {
    const res = await api.post('/workflows', { name, definition }, { cookie });
    if (res.status !== 201) throw new Error(`create workflow: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  }

  async function canvasToken(cookie: string, workflowId: string): Promise<string> {
    const res = await api.post(`/workflows/${workflowId}/chatkit/session`, {}, { cookie });
    if (res.status !== 200) throw new Error(`canvas session: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token;
  }

  async function publish(cookie: string, workflowId: string, body: object = {}): Promise<string> {
    const res = await api.post(`/workflows/${workflowId}/publish`, body, { cookie });
    if (res.status !== 201) throw new Error(`publish: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.publishToken;
  }

  /** A new visitor (no `vid` cookie) each call. */
  async function visitorToken(workflowId: string, publishToken: string): Promise<string> {
    const res = await api.post(`/public/workflows/${workflowId}/session`, { publishToken });
    if (res.status !== 200) throw new Error(`public session: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token;
  }

  function fetchChatkit(
    token: string | undefined,
    body: unknown,
    init: { signal?: AbortSignal; headers?: Record<string, string>; query?: string } = {},
  ) {
    return fetch(`${baseUrl}/api/chatkit${init.query ?? ''}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...init.headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      signal: init.signal,
    });
  }

  /** One call; SSE bodies are parsed strictly into `events`, JSON into `body`. */
  async function call(
    token: string | undefined,
    type: string,
    params: unknown = {},
    init: { query?: string } = {},
  ): Promise<ChatReply> {
    const res = await fetchChatkit(token, { type, params, metadata: {} }, init);
    const text = await res.text();
    const sse = (res.headers.get('content-type') ?? '').startsWith('text/event-stream');
    return {
      status: res.status,
      headers: res.headers,
      body: sse || !text ? undefined : JSON.parse(text),
      events: sse ? parseSseText(text) : [],
    };
  }

  /** Starts a streaming call and reads until `until` is true; then the request is aborted (the client goes away). */
  async function streamThenAbort(
    token: string,
    type: string,
    params: unknown,
    until: (e: SseEvent, all: SseEvent[]) => boolean,
  ) {
    const controller = new AbortController();
    const res = await fetchChatkit(token, { type, params }, { signal: controller.signal });
    const events = await readSse(res, until);
    controller.abort();
    return events;
  }

  return { api, owner, workflow, canvasToken, publish, visitorToken, fetchChatkit, call, streamThenAbort };
}

/** Polls `check` until it returns a truthy value (no fixed sleeps); fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
