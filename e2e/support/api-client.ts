import { unique } from './product.js';

/** A workflow definition (v1), written out here so the suite depends on the API's contract, not its code. */
export interface Definition {
  v: 1;
  chat?: {
    title?: string;
    greeting?: string;
    prompts?: { label: string; prompt: string }[];
    placeholder?: string;
    disclaimer?: string;
    theme?: { colorScheme?: 'light' | 'dark' | 'system'; accentColor?: string; radius?: string; density?: string };
    locale?: string;
    attachments?: { enabled?: boolean; accept?: string[]; maxSizeMb?: number };
  };
  nodes: { id: string; type: string; config: Record<string, unknown> }[];
  edges: { source: string; target: string; when?: string }[];
}

/** Answers `<prefix> <message>`: recognisable per test and per version. */
export function templateDefinition(prefix: string, greeting = `Welcome to ${prefix}`): Definition {
  return {
    v: 1,
    chat: { greeting },
    nodes: [
      { id: 't', type: 'template', config: { template: `${prefix} {{input}}` } },
      { id: 'r', type: 'reply', config: {} },
    ],
    edges: [{ source: 't', target: 'r' }],
  };
}

/** Sends the visitor's message to the LLM (the run's stub, which picks its mode from `[[stub:<mode>]]`). */
export function llmDefinition(greeting = 'Ask the model'): Definition {
  return {
    v: 1,
    chat: { greeting },
    nodes: [
      { id: 'l', type: 'llm', config: {} },
      { id: 'r', type: 'reply', config: {} },
    ],
    edges: [{ source: 'l', target: 'r' }],
  };
}

/** Asks which plan (a `choices` step), then answers with the chosen value. */
export function choicesDefinition(greeting = 'Ask about plans'): Definition {
  return {
    v: 1,
    chat: { greeting },
    nodes: [
      { id: 'ask', type: 'template', config: { template: 'Which plan suits **{{input}}**?' } },
      {
        id: 'pick',
        type: 'choices',
        config: { options: [{ label: 'Basic' }, { label: 'Pro', value: 'pro' }, { label: 'Talk to sales' }] },
      },
      { id: 'after', type: 'template', config: { template: 'You chose {{input}}.' } },
      { id: 'r', type: 'reply', config: {} },
    ],
    edges: [
      { source: 'ask', target: 'pick' },
      { source: 'pick', target: 'after' },
      { source: 'after', target: 'r' },
    ],
  };
}

export interface Workflow {
  id: string;
  name: string;
  version: number;
  latestVersion: number;
  publish: { isPublic: boolean; publishedVersion: number | null };
  definition: Definition;
}

export interface LinkWithToken {
  link: { id: string; label: string; kind: 'link' | 'embed'; allowedOrigins: string[] };
  publishToken: string;
  shareUrl: string;
  embedSnippet?: string;
}

export interface Published {
  workflow: Workflow;
  publishToken: string;
  shareUrl: string;
}

/**
 * The API as a fixture maker: an author's session over plain `fetch` (cookie
 * kept by hand, `Origin` sent on writes as the CSRF check wants).
 */
export class ApiClient {
  private cookie = '';

  constructor(readonly baseUrl: string) {}

  /** A new author with a unique email. */
  static async signUp(baseUrl: string, who = 'author'): Promise<ApiClient & { email: string; password: string }> {
    const client = new ApiClient(baseUrl);
    const email = `${unique(who)}@e2e.test`;
    const password = 'correct horse battery staple';
    await client.request('POST', '/api/auth/signup', { email, password, name: who });
    return Object.assign(client, { email, password });
  }

  /** The `sid` session cookie value, to sign a browser context in as this author. */
  get sessionId(): string {
    return this.cookie.replace(/^sid=/, '');
  }

  /** The same author on another instance (the session cookie is valid on every instance of one database). */
  on(baseUrl: string): ApiClient {
    const other = new ApiClient(baseUrl);
    other.cookie = this.cookie;
    return other;
  }

  createWorkflow(definition: Definition, name = unique('workflow')): Promise<Workflow> {
    return this.request('POST', '/api/workflows', { name, definition });
  }

  getWorkflow(id: string): Promise<Workflow> {
    return this.request('GET', `/api/workflows/${id}`);
  }

  /** Saves a new draft (a new version) on top of the current one. */
  async saveDefinition(id: string, definition: Definition): Promise<Workflow> {
    const current = await this.getWorkflow(id);
    return this.request('PATCH', `/api/workflows/${id}`, { definition, version: current.version });
  }

  publish(id: string, body: { requireLogin?: boolean; version?: number } = {}): Promise<Published> {
    return this.request('POST', `/api/workflows/${id}/publish`, body);
  }

  rotate(id: string): Promise<Published> {
    return this.request('POST', `/api/workflows/${id}/publish/rotate`, {});
  }

  unpublish(id: string): Promise<{ workflow: Workflow }> {
    return this.request('POST', `/api/workflows/${id}/publish/revoke`, {});
  }

  updatePublish(id: string, body: { requireLogin?: boolean; version?: number }): Promise<{ workflow: Workflow }> {
    return this.request('PATCH', `/api/workflows/${id}/publish`, body);
  }

  createLink(id: string, body: { label: string; kind?: 'link' | 'embed'; allowedOrigins?: string[] }): Promise<LinkWithToken> {
    return this.request('POST', `/api/workflows/${id}/links`, body);
  }

  deleteLink(id: string, linkId: string): Promise<void> {
    return this.request('DELETE', `/api/workflows/${id}/links/${linkId}`);
  }

  /** A workflow with a template step, published; returns the share link. */
  async publishedTemplate(prefix: string, publish: { requireLogin?: boolean } = {}): Promise<Published> {
    const workflow = await this.createWorkflow(templateDefinition(prefix));
    return this.publish(workflow.id, publish);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookie) headers.cookie = this.cookie;
    if (method !== 'GET') headers.origin = this.baseUrl;
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const sid = response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .find((c) => c.startsWith('sid='));
    if (sid) this.cookie = sid;
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
