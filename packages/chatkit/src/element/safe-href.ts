const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * The only links a message may carry: absolute http(s) and mailto. Anything
 * else (javascript:, data:, vbscript:, a relative path that would resolve
 * against the host page) becomes plain text.
 */
export function safeHref(raw: string): string | null {
  const href = raw.trim();
  if (!/^(https?:\/\/|mailto:)/i.test(href)) return null;
  try {
    const url = new URL(href);
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}
