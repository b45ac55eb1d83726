import { defaultDefinition, demoDefinition, type TWorkflowDefinition } from '@wfchat/contracts';

export interface WorkflowTemplate {
  id: string;
  label: string;
  definition: () => TWorkflowDefinition;
  /** Has `llm` steps: offered only where an LLM provider is configured. */
  needsLlm?: boolean;
}

/** Why a template cannot be created here, or undefined when it can. */
export function templateUnavailable(template: WorkflowTemplate, llmConfigured: boolean): string | undefined {
  return template.needsLlm && !llmConfigured ? 'needs an LLM provider' : undefined;
}

/** What "New workflow" can start from. */
export const WORKFLOW_TEMPLATES: WorkflowTemplate[] = [
  { id: 'default', label: 'Blank (echo reply)', definition: defaultDefinition },
  { id: 'faq', label: 'FAQ router (pricing and opening hours)', definition: () => demoDefinition({ withLlm: false }) },
  {
    id: 'faq-llm',
    label: 'FAQ router with an LLM fallback',
    definition: () => demoDefinition({ withLlm: true }),
    needsLlm: true,
  },
];
