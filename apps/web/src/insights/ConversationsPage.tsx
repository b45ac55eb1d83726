import type { TConversation, TConversationQuery, TFeedbackKind, TTranscriptItem, TTranscriptResponse } from '@wfchat/contracts';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { formatDateTime } from '../lib/format.js';
import { ErrorText } from '../ui/ErrorText.js';
import { InsightsHeader, useWorkflow } from './InsightsHeader.js';
import { insightsApi } from './insights-api.js';

type Filters = Omit<TConversationQuery, 'limit' | 'cursor'>;

/** The filters live in the address, so a filtered list can be bookmarked and shared with a teammate. */
function filtersOf(params: URLSearchParams): Filters {
  const feedback = params.get('feedback');
  return {
    ...(feedback === 'positive' || feedback === 'negative' ? { feedback } : {}),
    ...(params.get('q') ? { q: params.get('q')! } : {}),
    ...(params.get('from') ? { from: params.get('from')! } : {}),
    ...(params.get('to') ? { to: params.get('to')! } : {}),
  };
}

export function ConversationsPage() {
  const { workflowId = '' } = useParams();
  const { workflow, error: workflowError } = useWorkflow(workflowId);
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const filterKey = JSON.stringify(filters);
  const selected = params.get('thread');
  const [rows, setRows] = useState<TConversation[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    setRows(null);
    setError(null);
    insightsApi.conversations(workflowId, JSON.parse(filterKey) as Filters).then((page) => {
      setRows(page.data);
      setNext(page.next);
    }, setError);
  }, [workflowId, filterKey]);

  async function loadMore() {
    if (!next) return;
    setLoadingMore(true);
    try {
      const page = await insightsApi.conversations(workflowId, { ...filters, cursor: next });
      setRows((r) => [...(r ?? []), ...page.data]);
      setNext(page.next);
    } catch (e) {
      setError(e);
    } finally {
      setLoadingMore(false);
    }
  }

  const select = useCallback(
    (threadId: string | null) =>
      setParams((p) => {
        const copy = new URLSearchParams(p);
        if (threadId) copy.set('thread', threadId);
        else copy.delete('thread');
        return copy;
      }),
    [setParams],
  );

  function applyFilters(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const copy = new URLSearchParams();
    for (const key of ['feedback', 'q', 'from', 'to']) {
      const value = String(form.get(key) ?? '').trim();
      if (value) copy.set(key, value);
    }
    setParams(copy);
  }

  return (
    <main className="page insights-page">
      <InsightsHeader workflowId={workflowId} workflow={workflow} section="Conversations" />
      <ErrorText error={workflowError} />
      <p className="muted">
        What visitors asked through the share link (your own Canvas test chats are not listed). Visitors who did not
        sign in are shown by a pseudonym, never by their cookie or email.
      </p>

      <form className="card filters" onSubmit={applyFilters} aria-label="Filter conversations" key={filterKey}>
        <label>
          Feedback
          <select name="feedback" defaultValue={filters.feedback ?? ''}>
            <option value="">Any</option>
            <option value="negative">Thumbs down</option>
            <option value="positive">Thumbs up</option>
          </select>
        </label>
        <label>
          Contains
          <input
            name="q"
            type="search"
            maxLength={200}
            defaultValue={filters.q ?? ''}
            placeholder="Words in a message"
          />
        </label>
        <label>
          From
          <input name="from" type="date" defaultValue={filters.from ?? ''} />
        </label>
        <label>
          To
          <input name="to" type="date" defaultValue={filters.to ?? ''} />
        </label>
        <div className="filter-actions">
          <button type="submit" className="primary">
            Apply
          </button>
          <a className="button" href={insightsApi.exportUrl(workflowId, 'csv', filters)} download>
            Export CSV
          </a>
          <a className="button" href={insightsApi.exportUrl(workflowId, 'jsonl', filters)} download>
            Export JSONL
          </a>
        </div>
      </form>

      <div className={selected ? 'insights-split has-transcript' : 'insights-split'}>
        <section aria-label="Conversations" className="conversation-list">
          <ErrorText error={error} />
          {rows === null && !error && <p className="muted">Loading conversations…</p>}
          {rows?.length === 0 && (
            <p className="muted" data-testid="no-conversations">
              {Object.keys(filters).length > 0
                ? 'No conversation matches these filters. Clear them to see all.'
                : 'No visitor has chatted yet. Share the link from the Editor tab to get started.'}
            </p>
          )}
          <ul className="conversations">
            {rows?.map((c) => (
              <li key={c.threadId}>
                <button
                  type="button"
                  className={c.threadId === selected ? 'conversation selected' : 'conversation'}
                  aria-current={c.threadId === selected ? 'true' : undefined}
                  onClick={() => select(c.threadId)}
                  data-testid="conversation"
                >
                  <span className="conversation-title">{c.title ?? 'Untitled conversation'}</span>
                  <span className="muted">
                    {c.visitor.label} · {formatDateTime(c.createdAt)} · {c.messages}{' '}
                    {c.messages === 1 ? 'message' : 'messages'}
                  </span>
                  {(c.feedback.positive > 0 || c.feedback.negative > 0) && (
                    <span className="feedback-counts">
                      {c.feedback.positive > 0 && <span className="up">{c.feedback.positive} thumbs up</span>}
                      {c.feedback.negative > 0 && <span className="down">{c.feedback.negative} thumbs down</span>}
                    </span>
                  )}
                </button>
              </li>
            ))}
          </ul>
          {next && (
            <button type="button" onClick={() => void loadMore()} disabled={loadingMore}>
              {loadingMore ? 'Loading…' : 'Load more'}
            </button>
          )}
        </section>
        {selected && <Transcript workflowId={workflowId} threadId={selected} onClose={() => select(null)} />}
      </div>
    </main>
  );
}

const feedbackLabel: Record<TFeedbackKind, string> = { positive: 'Thumbs up', negative: 'Thumbs down' };

function Transcript({ workflowId, threadId, onClose }: { workflowId: string; threadId: string; onClose: () => void }) {
  const [data, setData] = useState<TTranscriptResponse | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setData(null);
    setError(null);
    insightsApi.transcript(workflowId, threadId).then(setData, setError);
  }, [workflowId, threadId]);

  return (
    <section className="card transcript" aria-label="Transcript" data-testid="transcript">
      <div className="transcript-head">
        <h2>{data?.conversation.title ?? 'Conversation'}</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <ErrorText error={error} />
      {!data && !error && <p className="muted">Loading the conversation…</p>}
      {data && (
        <>
          <p className="muted">
            {data.conversation.visitor.label} · started {formatDateTime(data.conversation.createdAt)}
          </p>
          <ol className="transcript-items">
            {data.items.map((item) => (
              <li key={item.id} className={item.type === 'user_message' ? 'from-visitor' : 'from-assistant'}>
                <span className="who">{item.type === 'user_message' ? 'Visitor' : 'Assistant'}</span>
                {/* Text only: what a visitor typed is never rendered as markup here. */}
                <p className="text">
                  {item.type === 'widget'
                    ? choicesText(item)
                    : item.content.map((part) => part.text).join(item.type === 'user_message' ? ' ' : '')}
                </p>
                {item.type === 'user_message' && item.attachments.length > 0 && (
                  <p className="muted attachments" data-testid="transcript-attachments">
                    Attached: {item.attachments.map((a) => a.name).join(', ')}
                  </p>
                )}
                <span className="muted when">{formatDateTime(item.created_at)}</span>
                {item.feedback && (
                  <span className={`feedback feedback-${item.feedback}`} data-testid={`feedback-${item.feedback}`}>
                    {feedbackLabel[item.feedback]}
                  </span>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/** A `choices` card as text: its question, the buttons it offered, and the one the visitor clicked. */
function choicesText(item: Extract<TTranscriptItem, { type: 'widget' }>): string {
  const buttons = item.widget.children.flatMap((c) =>
    c.type === 'Row' || c.type === 'Col' ? (c.children ?? []).filter((b) => b.type === 'Button') : [],
  ) as { label?: string; disabled?: boolean; style?: string }[];
  const chosen = buttons.find((b) => b.disabled && b.style === 'primary');
  const offered = `Choices: ${buttons.map((b) => b.label ?? '').join(' · ')}`;
  return [item.copy_text, offered, chosen ? `Chosen: ${chosen.label ?? ''}` : 'Not answered'].filter(Boolean).join('\n');
}
