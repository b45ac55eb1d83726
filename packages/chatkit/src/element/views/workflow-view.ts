import { html, nothing, type TemplateResult } from 'lit-html';
import type { ChatStrings } from '../chat-strings.js';
import { markdown } from './markdown-loader.js';

export interface WorkflowTask {
  type?: string;
  title?: string;
  content?: string;
  status_indicator?: 'none' | 'loading' | 'complete';
}

export interface Workflow {
  type?: string;
  tasks?: WorkflowTask[];
  summary?: { title?: string; duration?: number };
  expanded?: boolean;
}

/**
 * A workflow item: its steps, each with its status, in a list the visitor can
 * fold. It opens while the workflow runs or when the server asks it to.
 */
export function workflowView(workflow: Workflow, strings: ChatStrings, locale: string | undefined, running: boolean): TemplateResult {
  const tasks = Array.isArray(workflow.tasks) ? workflow.tasks : [];
  return html`<details class="workflow" ?open=${workflow.expanded === true || running}>
    <summary>${summaryText(workflow, tasks.length, strings, locale)}</summary>
    <ol class="steps">${tasks.map((task) => taskView(task, strings))}</ol>
  </details>`;
}

export function taskView(task: WorkflowTask, strings: ChatStrings): TemplateResult {
  const status = task.status_indicator ?? 'none';
  const label = status === 'complete' ? strings.stepDone : status === 'loading' ? strings.stepRunning : '';
  return html`<li class="step" data-status=${status}><span class="step-icon" aria-hidden="true">${status === 'complete' ? '✓' : status === 'loading' ? '…' : '•'}</span><div class="step-body"><span class="step-title">${task.title ?? ''}</span>${label
      ? html`<span class="sr-only"> (${label})</span>`
      : nothing}${task.content ? html`<div class="step-content">${markdown(task.content)}</div>` : nothing}</div></li>`;
}

function summaryText(workflow: Workflow, count: number, strings: ChatStrings, locale: string | undefined): string {
  const summary = workflow.summary;
  if (summary && typeof summary.title === 'string' && summary.title) return summary.title;
  if (summary && typeof summary.duration === 'number') {
    return strings.workedFor.replace('{duration}', format(locale, summary.duration, { style: 'unit', unit: 'second', unitDisplay: 'long' }));
  }
  return `${strings.steps} (${format(locale, count)})`;
}

function format(locale: string | undefined, value: number, options?: Intl.NumberFormatOptions): string {
  try {
    return new Intl.NumberFormat(locale, options).format(value);
  } catch {
    return new Intl.NumberFormat(undefined, options).format(value);
  }
}
