import type { TStatsResponse } from '@wfchat/contracts';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { ErrorText } from '../ui/ErrorText.js';
import { InsightsHeader, useWorkflow } from './InsightsHeader.js';
import { insightsApi } from './insights-api.js';
import { StatsChart } from './StatsChart.js';

const DAY_MS = 86_400_000;
const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10);
const RANGES = [7, 30, 90] as const;

const total = (days: TStatsResponse['days'], key: 'conversations' | 'messages' | 'positive' | 'negative' | 'errors') =>
  days.reduce((n, d) => n + d[key], 0);
const ms = (v: number | null) => (v === null ? '—' : `${v} ms`);

export function AnalyticsPage() {
  const { workflowId = '' } = useParams();
  const { workflow, error: workflowError } = useWorkflow(workflowId);
  const [range, setRange] = useState<(typeof RANGES)[number]>(7);
  const [stats, setStats] = useState<TStatsResponse | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    const to = Date.now();
    setError(null);
    insightsApi.stats(workflowId, utcDay(to - (range - 1) * DAY_MS), utcDay(to)).then(setStats, setError);
  }, [workflowId, range]);
  useEffect(load, [load]);

  const days = stats?.days ?? [];
  return (
    <main className="page insights-page">
      <InsightsHeader workflowId={workflowId} workflow={workflow} section="Analytics" />
      <ErrorText error={workflowError} />
      <div className="row range-picker" role="group" aria-label="Period">
        {RANGES.map((r) => (
          <button
            key={r}
            type="button"
            aria-pressed={r === range}
            className={r === range ? 'primary' : ''}
            onClick={() => setRange(r)}
          >
            Last {r} days
          </button>
        ))}
      </div>
      <ErrorText error={error} />
      {!stats && !error && <p className="muted">Loading analytics…</p>}
      {stats && (
        <>
          <dl className="totals" data-testid="totals">
            <div>
              <dt>Conversations</dt>
              <dd data-testid="total-conversations">{total(days, 'conversations')}</dd>
            </div>
            <div>
              <dt>Messages</dt>
              <dd data-testid="total-messages">{total(days, 'messages')}</dd>
            </div>
            <div>
              <dt>Thumbs up / down</dt>
              <dd data-testid="total-feedback">
                {total(days, 'positive')} / {total(days, 'negative')}
              </dd>
            </div>
            <div>
              <dt>Errors</dt>
              <dd>{total(days, 'errors')}</dd>
            </div>
          </dl>
          <section className="card">
            <h2>Per day (UTC)</h2>
            <StatsChart days={days} />
          </section>
          <Usage workflowId={workflowId} stats={stats} published={workflow?.publish.isPublic ?? false} onSaved={load} />
          <section className="card table-card">
            <h2>Details</h2>
            <div className="table-scroll">
              <table className="stats-table">
                <thead>
                  <tr>
                    <th>Date</th>
                    <th>Conversations</th>
                    <th>Messages</th>
                    <th>Visitors</th>
                    <th>Up</th>
                    <th>Down</th>
                    <th>Errors</th>
                    <th>First token p50</th>
                    <th>p95</th>
                    <th>LLM tokens in / out</th>
                  </tr>
                </thead>
                <tbody>
                  {[...days].reverse().map((d) => (
                    <tr key={d.date} data-testid={`stats-${d.date}`}>
                      <td>{d.date}</td>
                      <td>{d.conversations}</td>
                      <td>{d.messages}</td>
                      <td>{d.visitors}</td>
                      <td>{d.positive}</td>
                      <td>{d.negative}</td>
                      <td>{d.errors}</td>
                      <td>{ms(d.ttftP50Ms)}</td>
                      <td>{ms(d.ttftP95Ms)}</td>
                      <td>
                        {d.llmTokensIn} / {d.llmTokensOut}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </main>
  );
}

/** Today's usage against the daily caps, and the form that sets them (published workflows only). */
function Usage(props: { workflowId: string; stats: TStatsResponse; published: boolean; onSaved: () => void }) {
  const { usage } = props.stats;
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const cap = (name: string) => {
      const text = String(form.get(name) ?? '').trim();
      return text === '' ? null : Number(text);
    };
    setSaving(true);
    setError(null);
    setSaved(false);
    try {
      await insightsApi.setLimits(props.workflowId, {
        messagesPerDay: cap('messagesPerDay'),
        llmTokensPerDay: cap('llmTokensPerDay'),
      });
      setSaved(true);
      props.onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  const line = (used: number, cap: number | null, what: string) =>
    cap === null ? `No ${what} cap` : `${used} of ${cap} ${what} used`;

  return (
    <section className="card usage" data-testid="usage">
      <h2>Daily caps</h2>
      <p>
        Today ({usage.date}, UTC): {line(usage.messages, usage.messagesPerDay, 'messages')};{' '}
        {line(usage.llmTokens, usage.llmTokensPerDay, 'LLM tokens')}. Over a cap, visitors are told to come back after
        midnight UTC.
      </p>
      {props.published ? (
        <form className="row" onSubmit={save} aria-label="Daily caps">
          <label>
            Messages per day
            <input
              name="messagesPerDay"
              type="number"
              min={1}
              max={1_000_000_000}
              step={1}
              placeholder="No cap"
              defaultValue={usage.messagesPerDay ?? ''}
            />
          </label>
          <label>
            LLM tokens per day
            <input
              name="llmTokensPerDay"
              type="number"
              min={1}
              max={1_000_000_000}
              step={1}
              placeholder="No cap"
              defaultValue={usage.llmTokensPerDay ?? ''}
            />
          </label>
          <button type="submit" disabled={saving}>
            {saving ? 'Saving…' : 'Save caps'}
          </button>
          {saved && (
            <span className="ok" role="status">
              Saved
            </span>
          )}
        </form>
      ) : (
        <p className="muted">Publish the workflow to set caps.</p>
      )}
      <ErrorText error={error} />
    </section>
  );
}
