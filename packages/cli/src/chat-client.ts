/**
 * A terminal's side of the ChatKit protocol (docs/concepts/threads.md): a chat
 * session (a short-lived JWT) for the owner or for a share link's visitor, and
 * streaming turns on `POST /api/chatkit` read as Server-Sent Events.
 */
import {
  type TChatSessionResponse,
  type TPublicSessionResponse,
  type TPublicWorkflow,
  type TThreadStreamEvent,
} from '@wfchat/contracts';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import {
  ApiError,
  describeNetworkFailure,
  NetworkError,
  normalizeApiUrl,
  readJson,
  type WfchatApiClient,
} from './api-client.js';
import { usageError } from './errors.js';

/** A turn runs a workflow (HTTP steps, an LLM): generous, but never forever. */
const TURN_TIMEOUT_MS = 5 * 60_000;
const SESSION_TIMEOUT_MS = 30_000;
/** Renew a session this long before it expires, so a turn never starts on a dying token. */
const RENEW_MARGIN_MS = 30_000;

export interface ShareLink {
  apiUrl: string;
  workflowId: string;
  publishToken: string;
}

/** `https://host/chat/<id>#t=wfp_…` → where to ask, which workflow, which token. */
export function parseShareLink(link: string, apiUrlOverride?: string): ShareLink {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    throw usageError(`"${link}" is not a share link`, 'a share link looks like https://host/chat/<id>#t=wfp_…');
  }
  const match = /^(.*)\/chat\/([^/]+)\/?$/.exec(url.pathname);
  const publishToken = new URLSearchParams(url.hash.slice(1)).get('t');
  if (!match || !publishToken) {
    throw usageError(
      `"${url.origin}${url.pathname}" is not a share link with a token`,
      'copy the whole link, including "#t=wfp_…" (the owner gets it from `wfchat workflow publish` or `rotate-token`)',
    );
  }
  return {
    apiUrl: normalizeApiUrl(apiUrlOverride ?? `${url.origin}${match[1]}`),
    workflowId: decodeURIComponent(match[2]!),
    publishToken,
  };
}

/** Who is chatting: renews its session when needed; `greeting` is the workflow's opening line. */
export interface ChatSession {
  apiUrl: string;
  workflowId: string;
  name: string;
  greeting: string | null;
  token(): Promise<string>;
}

function renewing(mint: () => Promise<TChatSessionResponse>): () => Promise<string> {
  let current: TChatSessionResponse | undefined;
  return async () => {
    if (!current || Date.parse(current.expiresAt) - Date.now() < RENEW_MARGIN_MS) current = await mint();
    return current.token;
  };
}

/** The owner's chat on the latest definition (what Canvas runs), with the API token. */
export async function ownerSession(
  api: WfchatApiClient,
  workflowId: string,
  greetingOf: (definition: Record<string, unknown>) => string | null,
): Promise<ChatSession> {
  const w = await api.getWorkflow(workflowId);
  const token = renewing(() => api.canvasChatSession(workflowId));
  await token();
  return { apiUrl: api.apiUrl, workflowId, name: w.name, greeting: greetingOf(w.definition), token };
}

/**
 * A visitor's chat through a share link. The server keys anonymous threads to a
 * visitor cookie, so the one it sets is sent back when the session is renewed.
 */
export async function linkSession(link: ShareLink, fetchImpl: typeof fetch = fetch): Promise<ChatSession> {
  let visitorCookie: string | undefined;
  const base = `${link.apiUrl}/api/public/workflows/${encodeURIComponent(link.workflowId)}`;
  const call = async <T>(method: string, url: string, body?: unknown): Promise<{ res: Response; body: T }> => {
    let res: Response;
    try {
      res = await fetchImpl(url, {
        method,
        headers: {
          accept: 'application/json',
          'user-agent': 'wfchat-cli',
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(visitorCookie ? { cookie: visitorCookie } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(SESSION_TIMEOUT_MS),
        redirect: 'manual',
      });
    } catch (err) {
      throw new NetworkError(link.apiUrl, describeNetworkFailure(link.apiUrl, err, SESSION_TIMEOUT_MS), { cause: err });
    }
    return { res, body: await readJson<T>(res, method, url) };
  };
  const meta = await call<TPublicWorkflow>('GET', base);
  const token = renewing(async () => {
    const { res, body } = await call<TPublicSessionResponse>('POST', `${base}/session`, {
      publishToken: link.publishToken,
    });
    const vid = res.headers.getSetCookie().find((c) => c.startsWith('vid='));
    if (vid) visitorCookie = vid.split(';')[0];
    return body;
  });
  await token();
  return {
    apiUrl: link.apiUrl,
    workflowId: link.workflowId,
    name: meta.body.name,
    greeting: meta.body.chat.greeting,
    token,
  };
}

/**
 * Sends one message (a new thread, or the next message of `threadId`) and yields
 * the stream's events as they arrive.
 */
export async function* sendMessage(
  session: ChatSession,
  threadId: string | undefined,
  text: string,
  fetchImpl: typeof fetch = fetch,
): AsyncGenerator<TThreadStreamEvent> {
  const input = { content: [{ type: 'input_text', text }], attachments: [], inference_options: {} };
  const request = threadId
    ? { type: 'threads.add_user_message', params: { thread_id: threadId, input } }
    : { type: 'threads.create', params: { input } };
  const url = `${session.apiUrl}/api/chatkit`;
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: 'POST',
      headers: {
        accept: 'text/event-stream',
        'content-type': 'application/json',
        authorization: `Bearer ${await session.token()}`,
        'user-agent': 'wfchat-cli',
      },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(TURN_TIMEOUT_MS),
      redirect: 'manual',
    });
  } catch (err) {
    throw new NetworkError(session.apiUrl, describeNetworkFailure(session.apiUrl, err, TURN_TIMEOUT_MS), {
      cause: err,
    });
  }
  if (!res.ok || !res.body || !res.headers.get('content-type')?.startsWith('text/event-stream')) {
    await readJson(res, 'POST', url);
    throw new ApiError(res.status, 'response.invalid', `${url} did not answer with an event stream`);
  }
  const events = res.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
  for await (const event of events) {
    yield JSON.parse(event.data) as TThreadStreamEvent;
  }
}
