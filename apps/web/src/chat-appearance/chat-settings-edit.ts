import { HEX_COLOR_PATTERN, type TChatSettings, type TChatTheme } from '@wfchat/contracts';

type TextField = 'title' | 'greeting' | 'placeholder' | 'disclaimer';

/** `chat` with one text field set; an empty field is removed, so the definition stays minimal. */
export function withText(chat: TChatSettings, field: TextField, value: string): TChatSettings {
  const next = { ...chat };
  if (value === '') delete next[field];
  else next[field] = value;
  return next;
}

/** `chat` with one theme setting changed; an emptied theme is removed. */
export function withTheme<K extends keyof TChatTheme>(
  chat: TChatSettings,
  key: K,
  value: TChatTheme[K] | '',
): TChatSettings {
  const theme: TChatTheme = { ...chat.theme };
  if (value === '' || value === undefined) delete theme[key];
  else theme[key] = value;
  const next: TChatSettings = { ...chat, theme };
  if (Object.keys(theme).length === 0) delete next.theme;
  return next;
}

/** What is wrong with a typed accent color, in words; undefined when it can be used. */
export function accentColorProblem(value: string | undefined): string | undefined {
  if (value === undefined || HEX_COLOR_PATTERN.test(value)) return undefined;
  return 'Enter the color as # and 6 (or 3) hex digits, for example #2563eb, or pick one with the swatch.';
}

/** `<input type="color">` only takes #rrggbb. */
export function toSixDigitHex(value: string | undefined, fallback: string): string {
  if (!value || !HEX_COLOR_PATTERN.test(value)) return fallback;
  if (value.length === 7) return value.toLowerCase();
  const [r, g, b] = value.slice(1).toLowerCase();
  return `#${r}${r}${g}${g}${b}${b}`;
}

/**
 * The `chat` object of the editor's text, or null when the text is not a JSON
 * object (the form then waits for the JSON to be fixed).
 */
export function chatOfDefinitionText(
  text: string,
): { definition: Record<string, unknown>; chat: TChatSettings } | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const definition = raw as Record<string, unknown>;
  const chat = definition.chat;
  if (chat !== undefined && (chat === null || typeof chat !== 'object' || Array.isArray(chat))) return null;
  return { definition, chat: (chat ?? {}) as TChatSettings };
}
