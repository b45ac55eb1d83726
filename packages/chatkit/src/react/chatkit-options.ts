import type { ChatKitOptions } from '@openai/chatkit-react';
import type { ChatStrings } from '../element/chat-strings.js';
import type { BuiltinChatKitOptions } from '../element/builtin-chatkit-element.js';
import type { ChatKitElementKind } from '../loader/load-chatkit-element.js';

export interface WorkflowChatTheme {
  colorScheme?: 'light' | 'dark';
  accentColor?: string;
  radius?: 'none' | 'small' | 'medium' | 'large';
  density?: 'compact' | 'normal' | 'spacious';
}

export interface ChatKitOptionsInput {
  apiUrl: string;
  fetch: typeof fetch;
  domainKey?: string;
  element: ChatKitElementKind;
  greeting?: string;
  prompts?: { label: string; prompt: string }[];
  title?: string;
  initialThread?: string | null;
  theme?: WorkflowChatTheme;
  locale?: Partial<ChatStrings>;
  language?: string;
  historyEnabled?: boolean;
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

/** Translates the product-level props into ChatKit's options object. */
export function toChatKitOptions(input: ChatKitOptionsInput): BuiltinChatKitOptions {
  const theme = input.theme ?? {};
  const options: BuiltinChatKitOptions = {
    api: { url: input.apiUrl, fetch: input.fetch, domainKey: input.domainKey ?? LOCAL_DOMAIN_KEY },
    theme: {
      colorScheme: theme.colorScheme ?? 'light',
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
  const placeholder = input.locale?.composerPlaceholder;
  if (placeholder) options.composer = { placeholder };
  // `strings` is our element's extension; the hosted element would reject it.
  if (input.element === 'builtin' && input.locale) options.strings = { ...input.locale };
  return options;
}
