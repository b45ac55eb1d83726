import type { TWorkflow, TWorkflowVersionListResponse } from '@wfchat/contracts';
import { ErrorCode, safeParseDefinition } from '@wfchat/contracts';
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ChatBubble } from '../canvas-chat/ChatBubble.js';
import type { RunStatus } from '../canvas-chat/run-status.js';
import { chatAppearance } from '../chat-appearance/chat-appearance.js';
import { ChatAppearanceSection } from '../chat-appearance/ChatAppearanceSection.js';
import { ApiError, api } from '../lib/api.js';
import { useClientConfig } from '../lib/config.js';
import { formatDateTime } from '../lib/format.js';
import { PublishPanel } from '../publish/PublishPanel.js';
import { ErrorText } from '../ui/ErrorText.js';
import { WorkflowTabs } from '../insights/WorkflowTabs.js';
import { PublishStatus } from '../workflows/WorkflowsPage.js';
import { checkDefinitionText, type DefinitionIssue, formatDefinition } from './definition-validation.js';
import { DefinitionWorkspace } from './DefinitionWorkspace.js';
import { LastRun } from './LastRun.js';
import { UnsavedChangesGuard } from './UnsavedChangesGuard.js';
import { VersionList } from './VersionList.js';

type Versions = TWorkflowVersionListResponse['data'];

interface Draft {
  name: string;
  description: string;
  definition: string;
}

const draftOf = (w: TWorkflow): Draft => ({
  name: w.name,
  description: w.description,
  definition: formatDefinition(w.definition),
});

const NO_ISSUES: DefinitionIssue[] = [];

const isDirty = (workflow: TWorkflow | null, draft: Draft | null) =>
  !!workflow &&
  !!draft &&
  (draft.name !== workflow.name ||
    draft.description !== workflow.description ||
    draft.definition !== formatDefinition(workflow.definition));

export function WorkflowPage() {
  const { workflowId = '' } = useParams();
  const config = useClientConfig();
  const [workflow, setWorkflow] = useState<TWorkflow | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [versions, setVersions] = useState<Versions | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [serverIssues, setServerIssues] = useState<DefinitionIssue[]>([]);
  const [conflict, setConflict] = useState(false);
  const [savedNotice, setSavedNotice] = useState(false);
  // Bumped on every successful save: the test chat restarts on the new draft.
  const [saveCount, setSaveCount] = useState(0);
  // The test chat's last run, step by step (for the graph editor's `runStatus`).
  const [runStatus, setRunStatus] = useState<RunStatus | null>(null);

  const refreshVersions = useCallback(() => {
    api.listVersions(workflowId).then(
      ({ data }) => setVersions(data),
      () => setVersions([]),
    );
  }, [workflowId]);

  const load = useCallback(() => {
    setLoadError(null);
    api.getWorkflow(workflowId).then(
      (w) => {
        setWorkflow(w);
        setDraft(draftOf(w));
        setConflict(false);
        setSaveError(null);
        setServerIssues([]);
        document.title = `${w.name} · Canvas`;
      },
      (error: unknown) => setLoadError(error),
    );
    refreshVersions();
  }, [workflowId, refreshVersions]);

  useEffect(load, [load]);

  const check = useMemo(() => (draft ? checkDefinitionText(draft.definition) : null), [draft]);
  // The test chat runs the saved definition, so its start screen and look come from there too.
  const savedChat = useMemo(() => {
    const parsed = workflow ? safeParseDefinition(workflow.definition) : null;
    return parsed?.success ? parsed.data.chat : {};
  }, [workflow]);

  const dirty = isDirty(workflow, draft);
  const setDefinitionText = useCallback(
    (definition: string) => setDraft((d) => d && { ...d, definition }),
    [],
  );

  if (loadError) {
    const notFound = loadError instanceof ApiError && loadError.code === ErrorCode.WorkflowNotFound;
    return (
      <main className="page">
        <h1>{notFound ? 'Workflow not found' : 'Could not load the workflow'}</h1>
        {!notFound && <ErrorText error={loadError} />}
        <p>
          <Link to="/">Back to workflows</Link>
        </p>
      </main>
    );
  }
  if (!workflow || !draft || !check) {
    return (
      <main className="page" aria-busy="true">
        <p className="muted">Loading workflow…</p>
      </main>
    );
  }

  async function onSave(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!workflow || !draft || !check?.ok) return;
    setSaving(true);
    setSaveError(null);
    setServerIssues([]);
    setSavedNotice(false);
    try {
      const saved = await api.updateWorkflow(workflow.id, {
        name: draft.name.trim(),
        description: draft.description,
        definition: check.definition,
        version: workflow.version,
      });
      setWorkflow(saved);
      setDraft(draftOf(saved));
      setSaveCount((n) => n + 1);
      setSavedNotice(true);
      refreshVersions();
    } catch (error) {
      if (error instanceof ApiError && error.code === ErrorCode.WorkflowVersionConflict) setConflict(true);
      else if (error instanceof ApiError && error.code === ErrorCode.WorkflowInvalidDefinition)
        setServerIssues(error.issues);
      else setSaveError(error);
    } finally {
      setSaving(false);
    }
  }

  async function loadVersion(number: number) {
    try {
      const version = await api.getVersion(workflowId, number);
      setDraft((d) => d && { ...d, definition: formatDefinition(version.definition) });
    } catch (error) {
      setSaveError(error);
    }
  }

  const features = config?.features;

  return (
    <main className="page workflow-page">
      <p>
        <Link to="/">← Workflows</Link>
      </p>
      <div className="workflow-title">
        <h1>{workflow.name}</h1>
        <PublishStatus workflow={workflow} />
      </div>
      <WorkflowTabs workflowId={workflow.id} />
      <p className="muted">
        Saved version v{workflow.latestVersion} · updated {formatDateTime(workflow.updatedAt)}
      </p>

      <UnsavedChangesGuard when={dirty && !saving} />
      <DefinitionWorkspace
        text={draft.definition}
        onTextChange={setDefinitionText}
        historyKey={`${workflow.id}:${workflow.version}`}
        issues={check.ok ? NO_ISSUES : check.issues}
        serverIssues={serverIssues}
        runStatus={runStatus ?? undefined}
        actions={
          <>
            {dirty && <span className="muted">Unsaved changes</span>}
            {!dirty && savedNotice && (
              <span className="ok" role="status">
                Saved
              </span>
            )}
            <button
              type="submit"
              form="edit-workflow"
              className="primary"
              disabled={saving || !check.ok || !dirty || conflict}
              title="Save (Ctrl+S)"
            >
              {saving ? 'Saving…' : 'Save'}
            </button>
          </>
        }
      />
      {conflict && (
        <div className="conflict" role="alert" data-testid="save-conflict">
          <p>
            This workflow was changed elsewhere (another tab, the CLI or a teammate). Reload to get the latest
            version; your unsaved edits here will be replaced.
          </p>
          <button type="button" className="primary" onClick={load}>
            Reload
          </button>
        </div>
      )}
      <ErrorText error={saveError} testId="save-error" />

      <div className="workflow-grid">
        <form id="edit-workflow" className="card editor" onSubmit={onSave} aria-label="Edit workflow">
          <label>
            Name
            <input
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              required
              maxLength={120}
            />
          </label>
          <label>
            Description
            <textarea
              value={draft.description}
              onChange={(e) => setDraft({ ...draft, description: e.target.value })}
              rows={2}
              maxLength={2000}
            />
          </label>
          <ChatAppearanceSection
            workflowId={workflow.id}
            workflowName={draft.name || workflow.name}
            savedVersion={workflow.latestVersion}
            definitionText={draft.definition}
            onDefinitionTextChange={(definition) => setDraft({ ...draft, definition })}
            previewEnabled={features?.canvasChat ?? false}
            element={config?.chatkit.element}
            domainKey={config?.chatkit.domainKey ?? undefined}
          />
        </form>

        <div className="side">
          {features?.publish && (
            <PublishPanel workflow={workflow} versions={versions ?? []} onWorkflowChange={setWorkflow} />
          )}
          {features?.canvasChat && <LastRun runStatus={runStatus} />}
          <VersionList
            versions={versions}
            publishedVersion={workflow.publish.isPublic ? workflow.publish.publishedVersion : null}
            onLoad={(n) => void loadVersion(n)}
          />
        </div>
      </div>

      {features?.canvasChat && (
        <ChatBubble
          workflowId={workflow.id}
          resetKey={`${workflow.id}:${saveCount}`}
          appearance={chatAppearance(savedChat, workflow.name)}
          element={config?.chatkit.element}
          domainKey={config?.chatkit.domainKey ?? undefined}
          onRunStatus={setRunStatus}
        />
      )}
    </main>
  );
}
