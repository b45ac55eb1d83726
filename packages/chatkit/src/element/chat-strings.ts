/**
 * Every user-visible label of the built-in element. Hosts override any subset
 * (`<WorkflowChat locale={{ send: 'Envoyer' }}>`); the rest stays English.
 */
export interface ChatStrings {
  greeting: string;
  composerPlaceholder: string;
  composerLabel: string;
  send: string;
  stop: string;
  newChat: string;
  openHistory: string;
  closeHistory: string;
  historyTitle: string;
  historyEmpty: string;
  loadMore: string;
  untitledThread: string;
  rename: string;
  renameLabel: string;
  save: string;
  cancel: string;
  delete: string;
  confirmDelete: string;
  retry: string;
  feedbackPositive: string;
  feedbackNegative: string;
  feedbackThanks: string;
  messagesLabel: string;
  userLabel: string;
  assistantLabel: string;
  responding: string;
  responseStopped: string;
  loading: string;
  genericError: string;
  networkError: string;
  rateLimited: string;
  threadNotFound: string;
  unauthorized: string;
  threadLocked: string;
  suggestedPrompts: string;
  copy: string;
  copyCode: string;
  copied: string;
  copyFailed: string;
}

export const DEFAULT_STRINGS: ChatStrings = {
  greeting: 'What can I help with today?',
  composerPlaceholder: 'Type a message',
  composerLabel: 'Message',
  send: 'Send message',
  stop: 'Stop response',
  newChat: 'New chat',
  openHistory: 'Show conversation history',
  closeHistory: 'Back to chat',
  historyTitle: 'History',
  historyEmpty: 'No conversations yet.',
  loadMore: 'Load more',
  untitledThread: 'New conversation',
  rename: 'Rename',
  renameLabel: 'Conversation title',
  save: 'Save',
  cancel: 'Cancel',
  delete: 'Delete',
  confirmDelete: 'Confirm delete',
  retry: 'Retry',
  feedbackPositive: 'Good response',
  feedbackNegative: 'Bad response',
  feedbackThanks: 'Thanks for your feedback.',
  messagesLabel: 'Conversation',
  userLabel: 'You',
  assistantLabel: 'Assistant',
  responding: 'Assistant is responding…',
  responseStopped: 'Response stopped.',
  loading: 'Loading…',
  genericError: 'Something went wrong. Please try again.',
  networkError: 'Could not reach the server. Check your connection and try again.',
  rateLimited: 'Too many messages. Please wait a moment and try again.',
  threadNotFound: 'This conversation is no longer available.',
  unauthorized: 'Your chat session has ended. Reload the page to continue.',
  threadLocked: 'This conversation is closed.',
  suggestedPrompts: 'Suggested prompts',
  copy: 'Copy',
  copyCode: 'Copy code',
  copied: 'Copied',
  copyFailed: 'Could not copy. Select the text and copy it yourself.',
};

export function resolveStrings(overrides: Partial<ChatStrings> | undefined): ChatStrings {
  const strings = { ...DEFAULT_STRINGS };
  if (!overrides) return strings;
  for (const key of Object.keys(DEFAULT_STRINGS) as (keyof ChatStrings)[]) {
    const value = overrides[key];
    // Ignore empty or non-string overrides rather than render a blank button.
    if (typeof value === 'string' && value !== '') strings[key] = value;
  }
  return strings;
}
