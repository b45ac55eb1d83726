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
  if (accent && isPlainColor(accent)) {
    vars['--ck-accent'] = accent;
    const on = readableOn(accent);
    if (on) vars['--ck-on-accent'] = on;
  }
  const surface = option.color?.surface;
  if (surface && isPlainColor(surface.background) && isPlainColor(surface.foreground)) {
    vars['--ck-bg'] = surface.background;
    vars['--ck-fg'] = surface.foreground;
  }
  return { colorScheme, vars };
}

/**
 * Text on an accent background (buttons): white or near-black, whichever
 * contrasts more with a hex accent (WCAG relative luminance); undefined for
 * other colour syntaxes, which keep the scheme's default.
 */
export function readableOn(color: string): string | undefined {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim())?.[1];
  if (!hex) return undefined;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  const channel = (i: number) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
  // #111827's luminance is about 0.012: compare (1.05)/(l+.05) with (l+.05)/(0.062).
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.062 ? '#ffffff' : '#111827';
}

/**
 * Colours are set as CSS custom properties; refuse anything that could smuggle
 * a url() (a network request) or break out of the declaration.
 */
function isPlainColor(value: string): boolean {
  return /^[#a-z0-9(),.%\s-]+$/i.test(value) && !/url\s*\(/i.test(value);
}
