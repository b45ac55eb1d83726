import type { TWorkflow } from '@wfchat/contracts';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../lib/api.js';
import { formatDateTime } from '../lib/format.js';
import { ConfirmButton } from '../ui/ConfirmButton.js';
import { ErrorText } from '../ui/ErrorText.js';
import { useClientConfig } from '../lib/config.js';
import { templateUnavailable, WORKFLOW_TEMPLATES } from './workflow-templates.js';

export function PublishStatus({ workflow }: { workflow: TWorkflow }) {
  const p = workflow.publish;
  if (!p.isPublic) return <span className="badge">Private</span>;
  return (
    <span className="publish-status">
      <span className="badge badge-public">Public</span>
      {p.requireLogin && <span className="badge">Sign-in required</span>}
      {p.publishTokenRotatedAt && (
        <span className="muted"> link rotated {formatDateTime(p.publishTokenRotatedAt)}</span>
      )}
    </span>
  );
}

export function WorkflowsPage() {
  const navigate = useNavigate();
  const [workflows, setWorkflows] = useState<TWorkflow[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [createError, setCreateError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const llmConfigured = useClientConfig()?.features.llm ?? true;
  const someNeedLlm = WORKFLOW_TEMPLATES.some((t) => templateUnavailable(t, llmConfigured));

  useEffect(() => {
    document.title = 'Workflows · Canvas';
    api.listWorkflows().then(
      ({ data }) => setWorkflows(data),
      (error: unknown) => setLoadError(error),
    );
  }, []);

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const template = WORKFLOW_TEMPLATES.find((t) => t.id === form.get('template')) ?? WORKFLOW_TEMPLATES[0]!;
    setCreating(true);
    setCreateError(null);
    try {
      const created = await api.createWorkflow({
        name: String(form.get('name') ?? '').trim(),
        definition: template.definition(),
      });
      navigate(`/workflows/${encodeURIComponent(created.id)}`);
    } catch (error) {
      setCreateError(error);
      setCreating(false);
    }
  }

  async function onDelete(workflow: TWorkflow) {
    setActionError(null);
    try {
      await api.deleteWorkflow(workflow.id);
      setWorkflows((list) => list?.filter((w) => w.id !== workflow.id) ?? null);
    } catch (error) {
      setActionError(error);
    }
  }

  return (
    <main className="page">
      <h1>Workflows</h1>

      <form className="card create-form" onSubmit={onCreate} aria-label="New workflow">
        <h2>New workflow</h2>
        <ErrorText error={createError} testId="create-error" />
        <div className="row">
          <label>
            Name
            <input name="name" required maxLength={120} placeholder="My assistant" />
          </label>
          <label>
            Start from
            <select name="template" defaultValue="default">
              {WORKFLOW_TEMPLATES.map((t) => {
                const unavailable = templateUnavailable(t, llmConfigured);
                return (
                  <option key={t.id} value={t.id} disabled={unavailable !== undefined}>
                    {unavailable ? `${t.label} (${unavailable})` : t.label}
                  </option>
                );
              })}
            </select>
          </label>
          <button type="submit" className="primary" disabled={creating}>
            Create workflow
          </button>
        </div>
        {someNeedLlm && (
          <p className="muted" data-testid="llm-templates-hint">
            Templates with an LLM step need an LLM provider: set <code>LLM_BASE_URL</code> (and{' '}
            <code>LLM_API_KEY</code>) on the server to use them.
          </p>
        )}
      </form>

      <ErrorText error={loadError} />
      <ErrorText error={actionError} />
      {workflows === null && !loadError && <p className="muted">Loading workflows…</p>}
      {workflows?.length === 0 && <p data-testid="workflows-empty">No workflows yet. Create your first one above.</p>}
      {workflows && workflows.length > 0 && (
        <table className="workflows" data-testid="workflows-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Updated</th>
              <th scope="col">Sharing</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {workflows.map((w) => (
              <tr key={w.id} data-testid={`workflow-row-${w.id}`}>
                <td>
                  <Link to={`/workflows/${encodeURIComponent(w.id)}`}>{w.name}</Link>
                </td>
                <td>{formatDateTime(w.updatedAt)}</td>
                <td>
                  <PublishStatus workflow={w} />
                </td>
                <td>
                  <ConfirmButton
                    label={`Delete ${w.name}`}
                    question={
                      <>
                        Delete “{w.name}”? Its versions and chats are deleted too
                        {w.publish.isPublic ? ' and its share link stops working' : ''}. This cannot be undone.
                      </>
                    }
                    confirmLabel="Delete"
                    danger
                    onConfirm={() => onDelete(w)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
