import {
  RUN_STATUS_EFFECT,
  type TNodeRunStatus,
  type TThreadStreamEvent,
  type TWorkflowItem,
  type TWorkflowTask,
} from '@wfchat/contracts';
import type { StepEvent } from '../runtime/runtime.types.js';
import { timeId } from './chatkit.ids.js';

/** Characters of a step's output shown in its task: enough to recognise it, never a whole page. */
export const PREVIEW_CHARS = 160;

function preview(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= PREVIEW_CHARS) return line;
  return `${line.slice(0, PREVIEW_CHARS - 1).trimEnd()}…`;
}

function task(step: StepEvent): TWorkflowTask {
  const title = `${step.nodeId} (${step.nodeType})`;
  switch (step.status) {
    case 'running':
    case 'skipped':
      return { type: 'custom', title, status_indicator: 'loading' };
    case 'done': {
      const output = preview(step.output);
      return {
        type: 'custom',
        title,
        content: output ? `${step.durationMs} ms · ${output}` : `${step.durationMs} ms`,
        status_indicator: 'complete',
      };
    }
    case 'failed':
      // ChatKit has no "failed" indicator: the title says it, so every renderer shows it.
      return {
        type: 'custom',
        title: `Failed: ${title}`,
        content: `${step.durationMs} ms · ${preview(step.error)}`,
        status_indicator: 'none',
      };
  }
}

/**
 * The run trace of one Canvas test turn as a ChatKit `workflow` item: a task
 * per step that ran (added when it starts, updated when it ends, the failing
 * one marked), and a `client_effect` with every step's status for the page
 * around the chat. Skipped steps are only in the effect: they did not run.
 */
export class TurnTrace {
  readonly item: TWorkflowItem;
  private readonly startedAt = performance.now();
  private readonly taskIndex = new Map<string, number>();
  private readonly nodes: Record<string, TNodeRunStatus> = {};

  constructor(threadId: string, at = new Date()) {
    this.item = {
      id: timeId('wf', at),
      thread_id: threadId,
      created_at: at.toISOString(),
      type: 'workflow',
      workflow: { type: 'custom', tasks: [], expanded: false },
    };
  }

  /** The stream events that report this step. */
  apply(step: StepEvent): TThreadStreamEvent[] {
    const events: TThreadStreamEvent[] = [];
    this.nodes[step.nodeId] =
      'durationMs' in step ? { status: step.status, durationMs: step.durationMs } : { status: step.status };
    if (step.status !== 'skipped') {
      const tasks = this.item.workflow.tasks;
      const known = this.taskIndex.get(step.nodeId);
      const index = known ?? tasks.length;
      tasks[index] = task(step);
      this.taskIndex.set(step.nodeId, index);
      events.push({
        type: 'thread.item.updated',
        item_id: this.item.id,
        update: { type: known === undefined ? 'workflow.task.added' : 'workflow.task.updated', task_index: index, task: tasks[index]! },
      });
    }
    events.push({ type: 'client_effect', name: RUN_STATUS_EFFECT, data: { nodes: { ...this.nodes } } });
    return events;
  }

  /** The item as stored once the turn ended, with how long the run took. */
  finish(): TWorkflowItem {
    const duration = Math.round((performance.now() - this.startedAt) / 100) / 10;
    this.item.workflow.summary = { duration };
    return this.item;
  }
}
