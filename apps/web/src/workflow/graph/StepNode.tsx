import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import type { PlacedIssue } from '../definition-validation.js';
import type { EditableNode } from './editor-state.js';
import { type NodeRunStatus, runStatusText } from './run-status.js';
import { NODE_TYPE_LABELS } from './node-types.js';

export interface StepNodeData extends Record<string, unknown> {
  step: EditableNode;
  issues: PlacedIssue[];
  status?: NodeRunStatus;
}

export type StepFlowNode = Node<StepNodeData, 'step'>;

/** One step on the canvas: its type, name, what went wrong, and how the last test run went. */
export function StepNode({ data }: NodeProps<StepFlowNode>) {
  const { step, issues, status } = data;
  const classes = ['step-node', `step-${step.type}`];
  if (issues.length > 0) classes.push('has-issues');
  if (status) classes.push(`run-${status.status}`);
  return (
    <div className={classes.join(' ')} data-testid={`step-${step.id}`}>
      <Handle type="target" position={Position.Top} className="step-handle" />
      <div className="step-head">
        <span className="step-type">{NODE_TYPE_LABELS[step.type]}</span>
        {status && (
          <span className="run-badge" data-testid="run-badge">
            {runStatusText(status)}
          </span>
        )}
      </div>
      <div className="step-title">{step.label || step.id}</div>
      {issues.length > 0 && (
        <div className="step-issue" data-testid="step-issue">
          {issues[0]!.message}
          {issues.length > 1 && ` (and ${issues.length - 1} more)`}
        </div>
      )}
      {step.type === 'condition' ? (
        <>
          <Handle type="source" id="true" position={Position.Bottom} className="step-handle handle-true" />
          <Handle type="source" id="false" position={Position.Bottom} className="step-handle handle-false" />
          <span className="handle-label handle-label-true" aria-hidden="true">
            true
          </span>
          <span className="handle-label handle-label-false" aria-hidden="true">
            false
          </span>
        </>
      ) : (
        step.type !== 'reply' && <Handle type="source" position={Position.Bottom} className="step-handle" />
      )}
    </div>
  );
}
