import { useSyncExternalStore } from 'react';

const QUERY = '(prefers-color-scheme: dark)';

function media(): MediaQueryList | null {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(QUERY) : null;
}

function subscribe(onChange: () => void): () => void {
  const list = media();
  list?.addEventListener('change', onChange);
  return () => list?.removeEventListener('change', onChange);
}

const prefersDark = () => media()?.matches ?? false;

/**
 * Whether the device asks for dark colours, kept current while the page is
 * open. ChatKit's `colorScheme` is only light or dark, so a `system` theme is
 * resolved here, for the built-in and the hosted element alike.
 */
export function usePrefersDark(): boolean {
  return useSyncExternalStore(subscribe, prefersDark, () => false);
}
