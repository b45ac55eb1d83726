import { isExactOrigin, MAX_ALLOWED_ORIGINS } from '@wfchat/contracts';

export type OriginsCheck = { ok: true; origins: string[] } | { ok: false; problem: string };

/**
 * The "allowed websites" field: one origin per line (commas work too). Says in
 * words what is wrong, naming the first entry that is not an exact origin.
 */
export function checkOrigins(text: string): OriginsCheck {
  const origins = [...new Set(text.split(/[\s,]+/).filter(Boolean))];
  if (origins.length === 0) {
    return { ok: false, problem: 'List at least one website that may show the chat, e.g. https://www.example.com.' };
  }
  if (origins.length > MAX_ALLOWED_ORIGINS) {
    return { ok: false, problem: `List at most ${MAX_ALLOWED_ORIGINS} websites; create another embed for more.` };
  }
  const wrong = origins.find((o) => !isExactOrigin(o));
  if (wrong !== undefined) {
    return { ok: false, problem: `"${wrong}" is not a website origin. ${originHint(wrong)}` };
  }
  return { ok: true, origins };
}

function originHint(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Write it as https://host or https://host:port, e.g. https://www.example.com.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'It must start with https:// (or http://).';
  if (url.origin !== 'null') return `Write only the scheme, host and port: ${url.origin}`;
  return 'Write it as https://host or https://host:port, e.g. https://www.example.com.';
}
