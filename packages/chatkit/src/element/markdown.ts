/**
 * A deliberately small Markdown renderer for assistant messages. It builds DOM
 * nodes with createElement/createTextNode only and never parses HTML, so
 * markup inside a message (`<img onerror>`, `<script>`) stays literal text.
 *
 * Supported: paragraphs (single newlines become <br>), headings, **bold**,
 * *italic* / _italic_, `inline code`, fenced code blocks, - / * / 1. lists,
 * [links](https://...). Links are kept only for http(s) and mailto; anything
 * else (javascript:, data:, relative paths) is rendered as its label text.
 */

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

export function safeHref(raw: string): string | null {
  const href = raw.trim();
  // Absolute URLs only: a relative path would resolve against the host page.
  if (!/^(https?:\/\/|mailto:)/i.test(href)) return null;
  try {
    const url = new URL(href);
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

export function renderMarkdown(text: string, doc: Document): DocumentFragment {
  const fragment = doc.createDocumentFragment();
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];

  const flushParagraph = () => {
    if (paragraph.length === 0) return;
    const p = doc.createElement('p');
    paragraph.forEach((line, index) => {
      if (index > 0) p.appendChild(doc.createElement('br'));
      appendInline(p, line, doc);
    });
    fragment.appendChild(p);
    paragraph = [];
  };

  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const fence = /^\s*(```|~~~)\s*([\w+-]*)\s*$/.exec(line);
    if (fence) {
      flushParagraph();
      const marker = fence[1] ?? '```';
      const body: string[] = [];
      i += 1;
      // An unclosed fence (still streaming) runs to the end of the text.
      while (i < lines.length && !(lines[i] ?? '').trim().startsWith(marker)) {
        body.push(lines[i] ?? '');
        i += 1;
      }
      i += 1;
      const pre = doc.createElement('pre');
      const code = doc.createElement('code');
      if (fence[2]) code.setAttribute('data-language', fence[2]);
      code.textContent = body.join('\n');
      pre.appendChild(code);
      fragment.appendChild(pre);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flushParagraph();
      // Message headings sit inside the chat's own heading hierarchy, so they start at h3.
      const level = Math.min(6, (heading[1]?.length ?? 1) + 2);
      const h = doc.createElement(`h${level}`);
      appendInline(h, heading[2] ?? '', doc);
      fragment.appendChild(h);
      i += 1;
      continue;
    }
    const listMatch = LIST_ITEM.exec(line);
    if (listMatch) {
      flushParagraph();
      const ordered = /\d/.test(listMatch[2] ?? '');
      const list = doc.createElement(ordered ? 'ol' : 'ul');
      while (i < lines.length) {
        const item = LIST_ITEM.exec(lines[i] ?? '');
        if (!item || /\d/.test(item[2] ?? '') !== ordered) break;
        const li = doc.createElement('li');
        appendInline(li, item[3] ?? '', doc);
        list.appendChild(li);
        i += 1;
      }
      fragment.appendChild(list);
      continue;
    }
    if (line.trim() === '') flushParagraph();
    else paragraph.push(line);
    i += 1;
  }
  flushParagraph();
  return fragment;
}

const LIST_ITEM = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/;

// Earliest match wins; order breaks ties (code first so `**` inside code stays literal).
const INLINE_PATTERNS: { kind: 'code' | 'link' | 'bold' | 'italic'; re: RegExp }[] = [
  { kind: 'code', re: /`([^`]+)`/ },
  { kind: 'link', re: /\[([^\]]*)\]\(([^)\s]*)(?:\s+"[^"]*")?\)/ },
  { kind: 'bold', re: /\*\*(?=\S)([\s\S]*?\S)\*\*|__(?=\S)([\s\S]*?\S)__/ },
  { kind: 'italic', re: /\*(?=\S)([^*]*?\S)\*|\b_(?=\S)([^_]*?\S)_\b/ },
];

export function appendInline(parent: Node, text: string, doc: Document): void {
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
        appendInline(a, inner || href, doc);
        parent.appendChild(a);
      } else {
        appendInline(parent, match[1] ?? '', doc);
      }
    } else {
      const el = doc.createElement(kind === 'bold' ? 'strong' : 'em');
      appendInline(el, inner, doc);
      parent.appendChild(el);
    }
    rest = rest.slice(match.index + match[0].length);
  }
}
