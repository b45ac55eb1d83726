import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { type ChatError, WorkflowChat } from '../src/index.js';

/**
 * Paste a chat JWT (from `POST /api/public/workflows/:id/session` or
 * `POST /api/workflows/:id/chatkit/session`) and chat against the local API.
 * When the token expires, paste a new one: this page cannot mint tokens itself.
 */
function Playground() {
  const [jwt, setJwt] = useState('');
  const [active, setActive] = useState<string | null>(null);
  const [dark, setDark] = useState(false);
  const [element, setElement] = useState<'builtin' | 'openai'>('builtin');
  const [log, setLog] = useState<string[]>([]);
  const append = (line: string) => setLog((lines) => [...lines.slice(-30), line]);

  return (
    <>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setActive(jwt.trim());
        }}
      >
        <label>
          Chat JWT
          <textarea value={jwt} onChange={(event) => setJwt(event.target.value)} placeholder="eyJhbGciOi..." />
        </label>
        <label>
          <span>
            <input type="checkbox" checked={dark} onChange={(event) => setDark(event.target.checked)} /> Dark
          </span>
        </label>
        <label>
          Element
          <select value={element} onChange={(event) => setElement(event.target.value as 'builtin' | 'openai')}>
            <option value="builtin">builtin</option>
            <option value="openai">openai (needs internet + domain key)</option>
          </select>
        </label>
        <button type="submit">Connect</button>
        <div id="log">{log.join('\n')}</div>
      </form>
      <div id="chat">
        {active ? (
          <WorkflowChat
            key={`${active}:${element}`}
            apiUrl="/api/chatkit"
            element={element}
            getToken={async () => ({ token: active, expiresAt: new Date(Date.now() + 5 * 60_000).toISOString() })}
            onError={(error: ChatError) => append(`error ${error.status} ${error.code}: ${error.message}${error.retryAfterSeconds ? ` (retry in ${error.retryAfterSeconds}s)` : ''}`)}
            onThreadChange={(threadId) => append(`thread ${threadId ?? '(new)'}`)}
            greeting="Playground: ask anything"
            prompts={[{ label: 'Markdown test', prompt: 'Reply with **bold**, `code` and a list' }]}
            title="ChatKit playground"
            theme={{ colorScheme: dark ? 'dark' : 'light' }}
          />
        ) : (
          <p style={{ padding: 16 }}>Paste a chat JWT and press Connect.</p>
        )}
      </div>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Playground />
  </StrictMode>,
);
