/**
 * Every user-visible label of the built-in element. ChatKit's `locale` option
 * picks a translation; hosts override any subset on top
 * (`<WorkflowChat locale={{ send: 'Envoyer' }}>`).
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
  steps: string;
  stepDone: string;
  stepRunning: string;
  /** `{duration}` is replaced by a localized duration (Intl). */
  workedFor: string;
  // The attachment labels are optional here: their English lives with the
  // attachment code (a lazy chunk, attachment-strings.ts); translations and
  // host overrides set them like any other label.
  attach?: string;
  attachmentsLabel?: string;
  /** `{name}` is the file's name (in every attachment label that has one). */
  removeAttachment?: string;
  attachmentUploading?: string;
  attachmentAttached?: string;
  attachmentRemoved?: string;
  /** `{size}` is the limit, formatted for the language. */
  attachmentTooLarge?: string;
  attachmentUnsupportedType?: string;
  attachmentTooMany?: string;
  attachmentUploadFailed?: string;
  attachmentsStillUploading?: string;
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
  steps: 'Steps',
  stepDone: 'done',
  stepRunning: 'in progress',
  workedFor: 'Worked for {duration}',
};

/**
 * Each translation is a chunk of its own, fetched when a chat asks for that
 * language: a page in one language does not download the other five.
 */
const LOADERS: Record<string, () => Promise<ChatStrings>> = {
  es: () => import('./locales/es.js').then((m) => m.es),
  de: () => import('./locales/de.js').then((m) => m.de),
  fr: () => import('./locales/fr.js').then((m) => m.fr),
  ja: () => import('./locales/ja.js').then((m) => m.ja),
  ar: () => import('./locales/ar.js').then((m) => m.ar),
};
const TRANSLATIONS = new Map<string, ChatStrings>([['en', DEFAULT_STRINGS]]);

/** True when `locale`'s labels are ready (English, a loaded table, or a language without one). */
export function translationReady(locale: string | undefined): boolean {
  const lang = language(locale);
  return TRANSLATIONS.has(lang) || !(lang in LOADERS);
}

export async function loadTranslation(locale: string | undefined): Promise<void> {
  const lang = language(locale);
  const load = LOADERS[lang];
  if (load && !TRANSLATIONS.has(lang)) TRANSLATIONS.set(lang, await load());
}
const RIGHT_TO_LEFT = new Set(['ar', 'he', 'fa', 'ur']);

/** `de-DE` → `de`; the primary language subtag decides the table. */
function language(locale: string | undefined): string {
  return (locale ?? '').split(/[-_]/)[0]!.toLowerCase();
}

/** The strings for `locale` (English when there is no translation), with the host's overrides on top. */
export function resolveStrings(overrides: Partial<ChatStrings> | undefined, locale?: string): ChatStrings {
  const strings = { ...(TRANSLATIONS.get(language(locale)) ?? DEFAULT_STRINGS) };
  if (!overrides) return strings;
  for (const key of Object.keys(overrides) as (keyof ChatStrings)[]) {
    const value = overrides[key];
    // Ignore empty or non-string overrides rather than render a blank button.
    if (typeof value === 'string' && value !== '') strings[key] = value;
  }
  return strings;
}

/** Puts values into a label's `{placeholders}`. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

export function textDirection(locale: string | undefined): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(language(locale)) ? 'rtl' : 'ltr';
}

/** Languages with a built-in translation. */
export const TRANSLATED_LANGUAGES = ['en', ...Object.keys(LOADERS)];
