import type { TNodeType } from '@wfchat/contracts';

export const NODE_TYPE_LABELS: Record<TNodeType, string> = {
  template: 'Template',
  llm: 'LLM',
  http: 'HTTP request',
  condition: 'Condition',
  reply: 'Reply',
  choices: 'Choices',
};

/** What the palette says each step does. */
export const NODE_TYPE_HINTS: Record<TNodeType, string> = {
  template: 'Writes text from the message and earlier steps',
  llm: 'Asks the language model',
  http: 'Calls a web address',
  condition: 'Branches on a test (true / false)',
  reply: 'Sends the answer to the visitor',
  choices: 'Asks with buttons; a click continues from here',
};
