import { NavLink } from 'react-router';

/** Editor, Conversations and Analytics of one workflow: each its own page (and code chunk). */
export function WorkflowTabs({ workflowId }: { workflowId: string }) {
  const base = `/workflows/${encodeURIComponent(workflowId)}`;
  return (
    <nav className="workflow-tabs" aria-label="Workflow sections">
      <NavLink to={base} end>
        Editor
      </NavLink>
      <NavLink to={`${base}/conversations`}>Conversations</NavLink>
      <NavLink to={`${base}/analytics`}>Analytics</NavLink>
    </nav>
  );
}
