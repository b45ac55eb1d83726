import { defaultDefinition, demoDefinition, type TWorkflowDefinition } from '@wfchat/contracts';

export interface WorkflowTemplate {
  id: string;
  label: string;
  definition: () => TWorkflowDefinition;
}

/** What "New workflow" can start from. */
export const WORKFLOW_TEMPLATES: WorkflowTemplate[] = [
  { id: 'default', label: 'Blank (echo reply)', definition: defaultDefinition },
  { id: 'faq', label: 'FAQ router (pricing and opening hours)', definition: () => demoDefinition({ withLlm: false }) },
  { id: 'faq-llm', label: 'FAQ router with an LLM fallback', definition: () => demoDefinition({ withLlm: true }) },
];
