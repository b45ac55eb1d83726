import type { TWorkflow } from '@wfchat/contracts';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../lib/api.js';
import { WorkflowTabs } from './WorkflowTabs.js';

/** Back link, the workflow's name and the tabs; the workflow itself for pages that need it. */
export function useWorkflow(workflowId: string): { workflow: TWorkflow | null; error: unknown } {
  const [workflow, setWorkflow] = useState<TWorkflow | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.getWorkflow(workflowId).then(setWorkflow, setError);
  }, [workflowId]);
  return { workflow, error };
}

export function InsightsHeader({
  workflowId,
  workflow,
  section,
}: {
  workflowId: string;
  workflow: TWorkflow | null;
  section: string;
}) {
  useEffect(() => {
    if (workflow) document.title = `${section} · ${workflow.name} · Canvas`;
  }, [workflow, section]);
  return (
    <>
      <p>
        <Link to="/">← Workflows</Link>
      </p>
      <h1>{workflow?.name ?? '…'}</h1>
      <WorkflowTabs workflowId={workflowId} />
    </>
  );
}
