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

/**
 * Inline Markdown in one pass: `code`, [links](url), **bold** / __bold__,
 * *italic* / _italic_. At each position the constructs are tried in that order
 * and the first that matches wins (code first, so `**` inside code stays
 * literal). Where a construct would end is found by forward-only seekers (the
 * next backtick, `]`, `*`...): positions only grow during a render, so each
 * seeker crosses the text once, and unclosed markers or long runs of `*`,
 * `_`, backticks or brackets no longer cost a scan to the end of the text
 * each. With nesting capped at MAX_DEPTH the whole render is linear.
 * (It renders what the former regular expressions rendered; see markdown.spec.)
 */
export function appendInline(parent: Node, text: string, doc: Document): void {
  new InlineRenderer(text, doc).render(parent, 0, text.length, 0);
}

/** Deeper emphasis/link nesting than this is shown as text (no reader nests that far). */
const MAX_DEPTH = 8;
const NONE = -1;

// `\s` and `\w` as in the regular expressions they replace; ASCII answered without one.
const isSpace = (c: string | undefined) => c !== undefined && (c === ' ' || ((c < '!' || c > '~') && /\s/.test(c)));
const isWord = (c: string | undefined) =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_');

// What a renderer seeks: the next backtick, `]`, `)` or space, non-space, `"`,
// `*`, `_`, and `**` / `__` preceded by a non-space (where a bold span can close).
const TICK = 0;
const CLOSE_BRACKET = 1;
const PAREN_OR_SPACE = 2;
const NON_SPACE = 3;
const QUOTE = 4;
const STAR = 5;
const UNDERSCORE = 6;
const BOLD_STAR = 7;
const BOLD_UNDERSCORE = 8;
type Target = number;

class InlineRenderer {
  // Per target, the last answer and how far the text was scanned for it. Callers
  // ask with `from` never decreasing, so each target crosses the text once.
  // (Plain arrays: a typed array per line costs the garbage collector more.)
  private readonly found: number[] = [NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE];
  private readonly scannedTo: number[] = [0, 0, 0, 0, 0, 0, 0, 0, 0];

  constructor(
    private readonly text: string,
    private readonly doc: Document,
  ) {}

  /** The first position >= from holding `target`, or NONE. */
  private seek(target: Target, from: number): number {
    const found = this.found[target]!;
    if (found !== NONE && found >= from) return found;
    if (found === NONE && this.scannedTo[target]! > from) return NONE;
    const length = this.text.length;
    let i = Math.max(from, 0);
    while (i < length && !this.holds(target, i)) i++;
    this.scannedTo[target] = i;
    return (this.found[target] = i < length ? i : NONE);
  }

  private holds(target: Target, i: number): boolean {
    const t = this.text;
    const c = t[i];
    switch (target) {
      case TICK:
        return c === '`';
      case CLOSE_BRACKET:
        return c === ']';
      case PAREN_OR_SPACE:
        return c === ')' || isSpace(c);
      case NON_SPACE:
        return !isSpace(c);
      case QUOTE:
        return c === '"';
      case STAR:
        return c === '*';
      case UNDERSCORE:
        return c === '_';
      case BOLD_STAR:
        return i > 0 && c === '*' && t[i + 1] === '*' && !isSpace(t[i - 1]);
      default:
        return i > 0 && c === '_' && t[i + 1] === '_' && !isSpace(t[i - 1]);
    }
  }

  /** Renders text[start, end) into parent. */
  render(parent: Node, start: number, end: number, depth: number): void {
    const { text, doc } = this;
    let segment = start;
    let i = start;
    while (i < end) {
      const found = depth < MAX_DEPTH ? this.constructAt(i, segment, end) : null;
      if (!found) {
        i += 1;
        continue;
      }
      if (i > segment) parent.appendChild(doc.createTextNode(text.slice(segment, i)));
      if (found.kind === 'code') {
        const code = doc.createElement('code');
        code.textContent = text.slice(found.inner[0], found.inner[1]);
        parent.appendChild(code);
      } else if (found.kind === 'link') {
        const href = safeHref(text.slice(found.href[0], found.href[1]));
        if (href) {
          const a = doc.createElement('a');
          a.setAttribute('href', href);
          a.setAttribute('target', '_blank');
          a.setAttribute('rel', 'noopener noreferrer');
          if (found.inner[1] > found.inner[0]) this.render(a, found.inner[0], found.inner[1], depth + 1);
          else appendInline(a, href, doc);
          parent.appendChild(a);
        } else {
          this.render(parent, found.inner[0], found.inner[1], depth + 1);
        }
      } else {
        const el = doc.createElement(found.kind === 'bold' ? 'strong' : 'em');
        this.render(el, found.inner[0], found.inner[1], depth + 1);
        parent.appendChild(el);
      }
      i = found.end;
      segment = i;
    }
    if (end > segment) parent.appendChild(doc.createTextNode(text.slice(segment, end)));
  }

  /** The construct starting at i (within [segment, end)), if any. */
  private constructAt(i: number, segment: number, end: number): Found | null {
    switch (this.text[i]) {
      case '`':
        return this.code(i, end);
      case '[':
        return this.link(i, end);
      case '*':
        return this.bold(i, end, BOLD_STAR) ?? this.starItalic(i, end);
      case '_':
        return this.bold(i, end, BOLD_UNDERSCORE) ?? this.underscoreItalic(i, segment, end);
      default:
        return null;
    }
  }

  /** `x`: a backtick, one or more other characters, a backtick. */
  private code(i: number, end: number): Found | null {
    const close = this.seek(TICK, i + 1);
    if (close === NONE || close >= end || close === i + 1) return null;
    return { kind: 'code', inner: [i + 1, close], end: close + 1 };
  }

  /** [label](href) or [label](href "title"); the label holds no `]`, the href no `)` or space. */
  private link(i: number, end: number): Found | null {
    const t = this.text;
    const labelEnd = this.seek(CLOSE_BRACKET, i + 1);
    if (labelEnd === NONE || labelEnd + 1 >= end || t[labelEnd + 1] !== '(') return null;
    const hrefStart = labelEnd + 2;
    const hrefEnd = this.seek(PAREN_OR_SPACE, hrefStart);
    if (hrefEnd === NONE || hrefEnd >= end) return null;
    let close = hrefEnd;
    if (t[hrefEnd] !== ')') {
      const quote = this.seek(NON_SPACE, hrefEnd);
      if (quote === NONE || t[quote] !== '"') return null;
      const quoteEnd = this.seek(QUOTE, quote + 1);
      if (quoteEnd === NONE || t[quoteEnd + 1] !== ')') return null;
      close = quoteEnd + 1;
    }
    if (close >= end) return null;
    return { kind: 'link', inner: [i + 1, labelEnd], href: [hrefStart, hrefEnd], end: close + 1 };
  }

  /** **x** / __x__: opens before a non-space, closes at the first `**` after a non-space. */
  private bold(i: number, end: number, closes: Target): Found | null {
    const t = this.text;
    if (t[i + 1] !== t[i] || i + 2 >= end || isSpace(t[i + 2])) return null;
    const close = this.seek(closes, i + 3);
    if (close === NONE || close + 2 > end) return null;
    return { kind: 'bold', inner: [i + 2, close], end: close + 2 };
  }

  /**
   * *x*: the text between holds no `*` except possibly as its last character,
   * starts and ends with a non-space; the first such closing `*` wins.
   */
  private starItalic(i: number, end: number): Found | null {
    return this.italic(i, end, STAR, () => true);
  }

  /** _x_, only at word boundaries (`snake_case_name` stays text). */
  private underscoreItalic(i: number, segment: number, end: number): Found | null {
    if (i > segment && isWord(this.text[i - 1])) return null;
    return this.italic(i, end, UNDERSCORE, (close) => close + 1 >= end || !isWord(this.text[close + 1]));
  }

  private italic(i: number, end: number, marker: Target, closesAt: (close: number) => boolean): Found | null {
    const t = this.text;
    if (i + 1 >= end || isSpace(t[i + 1])) return null;
    const next = this.seek(marker, i + 1);
    if (next === NONE) return null;
    // The closing marker is the next marker (after a non-space), or the one right after it.
    for (const close of [next, next + 1]) {
      if (close >= end || close < i + 2 || t[close] !== t[i] || isSpace(t[close - 1])) continue;
      if (closesAt(close)) return { kind: 'italic', inner: [i + 1, close], end: close + 1 };
    }
    return null;
  }
}

type Found =
  | { kind: 'code' | 'bold' | 'italic'; inner: [number, number]; end: number }
  | { kind: 'link'; inner: [number, number]; href: [number, number]; end: number };
