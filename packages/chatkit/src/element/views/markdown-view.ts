import { html, nothing, type TemplateResult } from 'lit-html';
import { guard } from 'lit-html/directives/guard.js';
import type { Definition, ListItem, Nodes, Parents, Root, RootContent, Table } from 'mdast';
import { safeHref } from '../safe-href.js';
import { parseMarkdown } from './markdown-parser.js';

/** Copy buttons on fenced code blocks; keys are `${keyPrefix}#${offset of the block}`. */
export interface CodeCopy {
  keyPrefix: string;
  label: string;
  copiedLabel: string;
  copiedKey: string | null;
  onCopy(key: string, code: string): void;
}

/** Beyond this nesting the rest shows as text: recursion stays shallow. */
const MAX_DEPTH = 24;
/**
 * micromark pairs emphasis and link delimiters in time that grows with the
 * square of their number when they nest or stay open (`*a *a *a …`, `****x****`).
 * A block with more than this many shows as plain text, so the work stays
 * linear in the text (with this bound as the constant).
 */
const MAX_DELIMITERS = 128;
/** Cells in one table row. */
const MAX_TABLE_COLUMNS = 64;
/** A line opening more than 16 containers (`>`, list bullets), each a nesting level. */
const DEEP_LINE = /^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))){17}/m;

type View = TemplateResult | string | typeof nothing | View[];

interface Context {
  definitions: Map<string, Definition>;
  copy?: CodeCopy;
  /** Offset of the block in the whole text: code blocks are keyed by their offset in it. */
  offset: number;
}

export interface MarkdownBlock {
  text: string;
  offset: number;
}


/**
 * Markdown as lit templates built from the syntax tree, never from HTML: raw
 * HTML in the text shows as text, links keep only safe schemes and open in a
 * new tab without an opener, images show their alt text (the element loads
 * nothing from a message).
 *
 * The text is cut into top-level blocks, each parsed on its own and guarded:
 * while an answer streams only its last block changes, so a render parses
 * that block and not the whole answer again.
 */
export function markdownView(text: string, copy?: CodeCopy): TemplateResult {
  const copiedKey = copy?.copiedKey ?? null;
  return html`${splitBlocks(text).map((block) => guard([block.text, block.offset, copiedKey, copy?.label], () => blockView(block, copy)))}`;
}

function blockView(block: MarkdownBlock, copy: CodeCopy | undefined): View {
  const tree = parseBlock(block.text);
  if (!tree) return html`<p class="plain">${block.text}</p>`;
  const definitions = new Map<string, Definition>();
  for (const node of tree.children) if (node.type === 'definition') definitions.set(node.identifier, node);
  return children(tree, { definitions, copy, offset: block.offset }, 0);
}

/**
 * Splits at a blank line followed by an unindented line, outside fenced code:
 * indented continuation paragraphs stay with their list item. Linear.
 */
export function splitBlocks(text: string): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let start = 0;
  let fence: string | null = null;
  let previousBlank = false;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== null) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = null;
    } else {
      if (previousBlank && line !== '' && !/^\s/.test(line) && lineStart > start) {
        blocks.push({ text: text.slice(start, lineStart), offset: start });
        start = lineStart;
      }
      if (marker) fence = marker;
    }
    previousBlank = line.trim() === '';
    lineStart = lineEnd + 1;
  }
  if (start < text.length) blocks.push({ text: text.slice(start), offset: start });
  return blocks;
}

/** The block's syntax tree, or null when it shows as plain text (over budget, or the parser failed). */
export function parseBlock(block: string): Root | null {
  if (overBudget(block)) return null;
  try {
    return parseMarkdown(block);
  } catch {
    // A parser bug must cost one block its formatting, not the whole chat.
    return null;
  }
}

function overBudget(block: string): boolean {
  let delimiters = 0;
  let pipes = 0;
  for (let i = 0; i < block.length; i++) {
    const ch = block.charCodeAt(i);
    // * _ ~ [ ]
    if (ch === 42 || ch === 95 || ch === 126 || ch === 91 || ch === 93) {
      if (++delimiters > MAX_DELIMITERS) return true;
    } else if (ch === 124 && ++pipes > MAX_TABLE_COLUMNS) {
      return true;
    } else if (ch === 10) {
      pipes = 0;
    }
  }
  // Leading container markers of each line: `> > - * 1.` …
  return DEEP_LINE.test(block);
}

function children(parent: Parents, context: Context, depth: number): View[] {
  return parent.children.map((child) => node(child as RootContent, context, depth + 1));
}

function node(n: RootContent, c: Context, depth: number): View {
  if (depth > MAX_DEPTH) return plainText(n);
  const kids = () => children(n as Parents, c, depth);
  switch (n.type) {
    case 'paragraph':
      return html`<p>${kids()}</p>`;
    case 'heading':
      // h1/h2 belong to the page; a message's headings start at h3.
      return headingView(Math.min(n.depth + 2, 6), kids());
    case 'text':
      return n.value;
    case 'emphasis':
      return html`<em>${kids()}</em>`;
    case 'strong':
      return html`<strong>${kids()}</strong>`;
    case 'delete':
      return html`<del>${kids()}</del>`;
    case 'inlineCode':
      return html`<code>${n.value}</code>`;
    case 'break':
      return html`<br />`;
    case 'thematicBreak':
      return html`<hr />`;
    case 'blockquote':
      return html`<blockquote>${kids()}</blockquote>`;
    case 'list': {
      // A tight list's items hold their text without paragraphs, as in CommonMark's HTML.
      const loose = Boolean(n.spread) || n.children.some((item) => item.spread);
      const items = n.children.map((item) => listItemView(item, loose, c, depth + 1));
      return n.ordered
        ? html`<ol start=${n.start != null && n.start !== 1 ? String(n.start) : nothing}>${items}</ol>`
        : html`<ul>${items}</ul>`;
    }
    case 'code':
      return codeView(n.value, n.lang ?? undefined, c.offset + (n.position?.start.offset ?? 0), c.copy);
    case 'link':
      return linkView(n.url, kids());
    case 'linkReference': {
      const definition = c.definitions.get(n.identifier);
      return definition ? linkView(definition.url, kids()) : kids();
    }
    case 'image':
    case 'imageReference':
      return n.alt ?? '';
    case 'table':
      return tableView(n, c, depth);
    case 'html':
      // Shown, never parsed: a message cannot inject markup.
      return n.value;
    case 'definition':
      return nothing;
    case 'footnoteReference':
      return html`<sup>[${n.label ?? n.identifier}]</sup>`;
    case 'footnoteDefinition':
      return html`<div class="footnote"><sup>[${n.label ?? n.identifier}]</sup> ${kids()}</div>`;
    default:
      return plainText(n);
  }
}

function listItemView(item: ListItem, loose: boolean, c: Context, depth: number): TemplateResult {
  const content = loose
    ? children(item, c, depth)
    : item.children.map((child) => (child.type === 'paragraph' ? children(child, c, depth + 1) : node(child, c, depth + 1)));
  return typeof item.checked === 'boolean'
    ? html`<li class="task"><input type="checkbox" disabled .checked=${item.checked} aria-checked=${String(item.checked)} />${content}</li>`
    : html`<li>${content}</li>`;
}

function headingView(level: number, content: View[]): TemplateResult {
  switch (level) {
    case 3:
      return html`<h3>${content}</h3>`;
    case 4:
      return html`<h4>${content}</h4>`;
    case 5:
      return html`<h5>${content}</h5>`;
    default:
      return html`<h6>${content}</h6>`;
  }
}

function linkView(url: string, content: View[]): View[] | TemplateResult {
  const href = safeHref(url);
  if (!href) return content;
  return html`<a href=${href} target="_blank" rel="noopener noreferrer">${content.length ? content : href}</a>`;
}

function codeView(code: string, lang: string | undefined, offset: number, copy: CodeCopy | undefined): TemplateResult {
  const key = copy ? `${copy.keyPrefix}#${offset}` : '';
  const copied = copy?.copiedKey === key;
  return html`<div class="code-block">${copy
      ? html`<button type="button" class="copy-code" aria-label=${copied ? copy.copiedLabel : copy.label} @click=${() => copy.onCopy(key, code)}>${copied ? copy.copiedLabel : copy.label}</button>`
      : nothing}<pre><code data-language=${lang || nothing}>${code}</code></pre></div>`;
}

function tableView(table: Table, c: Context, depth: number): TemplateResult {
  const [head, ...body] = table.children;
  const align = (index: number) => (table.align?.[index] ? `align-${table.align[index]}` : nothing);
  const row = (cells: View[][], tag: 'th' | 'td') =>
    html`<tr>${cells.map((cell, index) =>
      tag === 'th' ? html`<th scope="col" class=${align(index)}>${cell}</th>` : html`<td class=${align(index)}>${cell}</td>`,
    )}</tr>`;
  const cells = (r: (typeof table.children)[number]) => r.children.map((cell) => children(cell, c, depth + 1));
  return html`<div class="table-wrap"><table>${head ? html`<thead>${row(cells(head), 'th')}</thead>` : nothing}${body.length
      ? html`<tbody>${body.map((r) => row(cells(r), 'td'))}</tbody>`
      : nothing}</table></div>`;
}

/** A subtree's text without recursion (deep nesting must not exhaust the stack). */
function plainText(root: Nodes): string {
  let out = '';
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if ('value' in current && typeof current.value === 'string') out += current.value;
    if (!('children' in current)) continue;
    // Blocks end a line; the marker is popped after the block's children.
    if (current.type !== 'root' && !isInline(current)) stack.push({ type: 'text', value: '\n' });
    for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i] as Nodes);
  }
  return out;
}

function isInline(n: Nodes): boolean {
  return ['emphasis', 'strong', 'delete', 'link', 'linkReference'].includes(n.type);
}
