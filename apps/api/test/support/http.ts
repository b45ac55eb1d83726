/** A tiny client for integration tests: real HTTP, explicit cookies and headers. */
export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
  cookies: Record<string, string>;
  setCookie: string[];
}

export interface RequestOptions {
  body?: unknown;
  cookie?: string;
  bearer?: string;
  origin?: string | null;
  headers?: Record<string, string>;
}

export function parseSetCookie(setCookie: string[]): Record<string, string> {
  return Object.fromEntries(
    setCookie.map((c) => {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      return [pair!.slice(0, at), pair!.slice(at + 1)];
    }),
  );
}

export function client(baseUrl: string) {
  async function request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.cookie) headers.cookie = options.cookie;
    if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
    // Browsers send Origin on state-changing requests; tests do too unless told otherwise.
    if (options.origin !== null && method !== 'GET') headers.origin = options.origin ?? baseUrl;
    const res = await fetch(`${baseUrl}/api${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      redirect: 'manual',
    });
    const text = await res.text();
    const setCookie = res.headers.getSetCookie();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: body as T, headers: res.headers, setCookie, cookies: parseSetCookie(setCookie) };
  }
  return {
    request,
    get: <T = any>(path: string, o?: RequestOptions) => request<T>('GET', path, o),
    post: <T = any>(path: string, body?: unknown, o?: RequestOptions) => request<T>('POST', path, { ...o, body }),
    patch: <T = any>(path: string, body?: unknown, o?: RequestOptions) => request<T>('PATCH', path, { ...o, body }),
    delete: <T = any>(path: string, o?: RequestOptions) => request<T>('DELETE', path, o),
  };
}

let counter = 0;
/** A unique email per call, so tests never collide on data. */
export function uniqueEmail(tag = 'user'): string {
  counter += 1;
  return `${tag}-${Date.now().toString(36)}-${counter}@example.test`;
}

/** Signs a new user up and returns the session cookie header to send. */
export async function signUp(baseUrl: string, email = uniqueEmail(), password = 'correct horse battery') {
  const res = await client(baseUrl).post('/auth/signup', { email, password, name: 'Test User' });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { user: res.body.user as { id: string; email: string }, cookie: `sid=${res.cookies.sid}`, email, password };
}
