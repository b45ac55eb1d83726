/**
 * The inline renderer as it was before it was made linear (regular
 * expressions, quadratic on unclosed markers): kept for tests only, as the
 * reference the linear renderer must agree with on ordinary text.
 */
import { safeHref } from '../element/markdown.js';

const INLINE_PATTERNS: { kind: 'code' | 'link' | 'bold' | 'italic'; re: RegExp }[] = [
  { kind: 'code', re: /`([^`]+)`/ },
  { kind: 'link', re: /\[([^\]]*)\]\(([^)\s]*)(?:\s+"[^"]*")?\)/ },
  { kind: 'bold', re: /\*\*(?=\S)([\s\S]*?\S)\*\*|__(?=\S)([\s\S]*?\S)__/ },
  { kind: 'italic', re: /\*(?=\S)([^*]*?\S)\*|\b_(?=\S)([^_]*?\S)_\b/ },
];

export function referenceInline(parent: Node, text: string, doc: Document): void {
  let rest = text;
  while (rest.length > 0) {
    let best: { kind: (typeof INLINE_PATTERNS)[number]['kind']; match: RegExpExecArray } | null = null;
    for (const { kind, re } of INLINE_PATTERNS) {
      const match = re.exec(rest);
      if (match && (best === null || match.index < best.match.index)) best = { kind, match };
    }
    if (!best) {
      parent.appendChild(doc.createTextNode(rest));
      return;
    }
    const { kind, match } = best;
    if (match.index > 0) parent.appendChild(doc.createTextNode(rest.slice(0, match.index)));
    const inner = match[1] ?? match[2] ?? '';
    if (kind === 'code') {
      const code = doc.createElement('code');
      code.textContent = inner;
      parent.appendChild(code);
    } else if (kind === 'link') {
      const href = safeHref(match[2] ?? '');
      if (href) {
        const a = doc.createElement('a');
        a.setAttribute('href', href);
        a.setAttribute('target', '_blank');
        a.setAttribute('rel', 'noopener noreferrer');
        referenceInline(a, inner || href, doc);
        parent.appendChild(a);
      } else {
        referenceInline(parent, match[1] ?? '', doc);
      }
    } else {
      const el = doc.createElement(kind === 'bold' ? 'strong' : 'em');
      referenceInline(el, inner, doc);
      parent.appendChild(el);
    }
    rest = rest.slice(match.index + match[0].length);
  }
}
