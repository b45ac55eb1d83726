import type { ChatKitOptions } from '@openai/chatkit-react';
import type { ChatStrings } from '../element/chat-strings.js';
import type { BuiltinChatKitOptions } from '../element/builtin-chatkit-element.js';
import type { ChatKitElementKind } from '../loader/load-chatkit-element.js';
import type { AttachmentsOption } from '../element/attachment-rules.js';

export interface WorkflowChatTheme {
  /** `system` follows the device (prefers-color-scheme); ChatKit itself knows only light and dark. */
  colorScheme?: 'light' | 'dark' | 'system';
  accentColor?: string;
  radius?: 'none' | 'small' | 'medium' | 'large';
  density?: 'compact' | 'normal' | 'spacious';
}

/**
 * Whether visitors may attach files, as the public metadata's
 * `chat.attachments` says (the server narrows the author's switch by its own
 * limits). Absent or not enabled: no attach button.
 */
export interface WorkflowChatAttachments {
  enabled: boolean;
  /** MIME types (`image/png`, `image/*`); absent: whatever the server takes. */
  accept?: string[];
  maxSizeBytes?: number;
  maxFilesPerMessage?: number;
}

export interface ChatKitOptionsInput {
  apiUrl: string;
  fetch: typeof fetch;
  domainKey?: string;
  element: ChatKitElementKind;
  greeting?: string;
  prompts?: { label: string; prompt: string }[];
  title?: string;
  /** The composer's placeholder; wins over `locale.composerPlaceholder`. */
  placeholder?: string;
  /** One line shown under the composer (ChatKit's `disclaimer.text`). */
  disclaimer?: string;
  initialThread?: string | null;
  theme?: WorkflowChatTheme;
  /** Whether the device prefers dark colours: resolves `colorScheme: 'system'`. */
  prefersDark?: boolean;
  locale?: Partial<ChatStrings>;
  language?: string;
  historyEnabled?: boolean;
  attachments?: WorkflowChatAttachments;
}

// Our product names for the radius scale, mapped onto ChatKit's.
const RADIUS: Record<NonNullable<WorkflowChatTheme['radius']>, NonNullable<Exclude<ChatKitOptions['theme'], string | undefined>['radius']>> = {
  none: 'sharp',
  small: 'soft',
  medium: 'round',
  large: 'pill',
};

// The built-in element does not check it; the hosted one needs a real key.
const LOCAL_DOMAIN_KEY = 'domain_pk_builtin';

function colorSchemeOf(theme: WorkflowChatTheme, prefersDark: boolean): 'light' | 'dark' {
  if (theme.colorScheme === 'system') return prefersDark ? 'dark' : 'light';
  return theme.colorScheme ?? 'light';
}

/** Our attachment settings in ChatKit's `composer.attachments` terms (MIME type → extensions, bytes, count). */
function composerAttachments(input: WorkflowChatAttachments | undefined): AttachmentsOption | undefined {
  if (!input?.enabled) return undefined;
  return {
    enabled: true,
    ...(input.accept?.length ? { accept: Object.fromEntries(input.accept.map((mime) => [mime, []])) } : {}),
    ...(input.maxSizeBytes ? { maxSize: input.maxSizeBytes } : {}),
    ...(input.maxFilesPerMessage ? { maxCount: input.maxFilesPerMessage } : {}),
  };
}

/**
 * Translates the product-level props into ChatKit's options object. Both the
 * built-in element and OpenAI's hosted one get these options, so this is the
 * one place where our settings meet ChatKit's option names.
 */
export function toChatKitOptions(input: ChatKitOptionsInput): BuiltinChatKitOptions {
  const theme = input.theme ?? {};
  const options: BuiltinChatKitOptions = {
    api: { url: input.apiUrl, fetch: input.fetch, domainKey: input.domainKey ?? LOCAL_DOMAIN_KEY },
    theme: {
      colorScheme: colorSchemeOf(theme, input.prefersDark ?? false),
      ...(theme.radius ? { radius: RADIUS[theme.radius] } : {}),
      ...(theme.density ? { density: theme.density } : {}),
      ...(theme.accentColor ? { color: { accent: { primary: theme.accentColor, level: 1 } } } : {}),
    },
    initialThread: input.initialThread ?? null,
    history: { enabled: input.historyEnabled ?? true },
    startScreen: {
      ...(input.greeting ? { greeting: input.greeting } : {}),
      prompts: (input.prompts ?? []).map((prompt) => ({ label: prompt.label, prompt: prompt.prompt })),
    },
    header: input.title ? { title: { text: input.title } } : {},
    threadItemActions: { feedback: true, retry: true },
  };
  // ChatKit's own option: both elements translate their labels from it.
  if (input.language) options.locale = input.language as ChatKitOptions['locale'];
  const placeholder = input.placeholder || input.locale?.composerPlaceholder;
  const attachments = composerAttachments(input.attachments);
  if (placeholder || attachments) options.composer = { ...(placeholder ? { placeholder } : {}), ...(attachments ? { attachments } : {}) };
  if (input.disclaimer) options.disclaimer = { text: input.disclaimer };
  // `strings` is our element's extension; the hosted element would reject it.
  if (input.element === 'builtin' && input.locale) options.strings = { ...input.locale };
  return options;
}
