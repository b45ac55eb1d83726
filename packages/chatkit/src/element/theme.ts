import type { ChatKitOptions } from '@openai/chatkit-react';

/** The CSS custom properties the stylesheet reads, derived from ChatKit's `theme` option. */
export interface ResolvedTheme {
  colorScheme: 'light' | 'dark';
  vars: Record<string, string>;
}

type ThemeOption = Exclude<NonNullable<ChatKitOptions['theme']>, string>;

const RADIUS: Record<NonNullable<ThemeOption['radius']>, string> = {
  sharp: '0px',
  soft: '6px',
  round: '12px',
  pill: '20px',
};

const SPACE: Record<NonNullable<ThemeOption['density']>, string> = {
  compact: '6px',
  normal: '10px',
  spacious: '14px',
};

// Only system fonts: the element must not fetch anything besides api.url.
const SYSTEM_FONTS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const MONO_FONTS = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

/**
 * `prefersDark` answers for `colorScheme: 'system'` (not in ChatKit's type,
 * but hosts pass it): the visitor's OS setting decides.
 */
export function resolveTheme(theme: ChatKitOptions['theme'], prefersDark = false): ResolvedTheme {
  const option: ThemeOption = typeof theme === 'string' ? { colorScheme: theme } : (theme ?? {});
  const scheme = option.colorScheme as string | undefined;
  const colorScheme = scheme === 'dark' || (scheme === 'system' && prefersDark) ? 'dark' : 'light';
  const vars: Record<string, string> = {
    '--ck-radius': RADIUS[option.radius ?? 'round'] ?? RADIUS.round,
    '--ck-space': SPACE[option.density ?? 'normal'] ?? SPACE.normal,
    '--ck-font': option.typography?.fontFamily ?? SYSTEM_FONTS,
    '--ck-font-mono': option.typography?.fontFamilyMono ?? MONO_FONTS,
    '--ck-font-size': `${option.typography?.baseSize ?? 15}px`,
  };
  const accent = option.color?.accent?.primary;
  if (accent && isPlainColor(accent)) vars['--ck-accent'] = accent;
  const surface = option.color?.surface;
  if (surface && isPlainColor(surface.background) && isPlainColor(surface.foreground)) {
    vars['--ck-bg'] = surface.background;
    vars['--ck-fg'] = surface.foreground;
  }
  return { colorScheme, vars };
}

/**
 * Colours are set as CSS custom properties; refuse anything that could smuggle
 * a url() (a network request) or break out of the declaration.
 */
function isPlainColor(value: string): boolean {
  return /^[#a-z0-9(),.%\s-]+$/i.test(value) && !/url\s*\(/i.test(value);
}
