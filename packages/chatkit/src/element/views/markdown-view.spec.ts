import { render } from 'lit-html';
import { describe, expect, it, vi } from 'vitest';
import { type CodeCopy, markdownView, parseBlock, splitBlocks } from './markdown-view.js';

function mount(markdown: string, copy?: CodeCopy): HTMLDivElement {
  const div = document.createElement('div');
  render(markdownView(markdown, copy), div);
  return div;
}

/** The rendered markup without lit's comment markers. */
function html(markdown: string): string {
  return mount(markdown).innerHTML.replace(/<!--[^]*?-->/g, '');
}

describe('markdownView', () => {
  it('renders paragraphs, line breaks, emphasis, strikethrough and inline code', () => {
    expect(html('Hello **bold** and *it* and ~~gone~~ and `a**b`  \nnext line\n\nsecond')).toBe(
      '<p>Hello <strong>bold</strong> and <em>it</em> and <del>gone</del> and <code>a**b</code><br>next line</p><p>second</p>',
    );
  });

  it('renders lists, task lists and headings (from h3 down)', () => {
    expect(html('- a\n- **b**\n\n3. three\n4. four')).toBe(
      '<ul><li>a</li><li><strong>b</strong></li></ul><ol start="3"><li>three</li><li>four</li></ol>',
    );
    expect(html('1. one\n\n   more about one\n2. two')).toBe('<ol><li><p>one</p><p>more about one</p></li><li><p>two</p></li></ol>');
    expect(html('# Title\n## Sub')).toBe('<h3>Title</h3><h4>Sub</h4>');
    const tasks = mount('- [x] done\n- [ ] todo');
    const boxes = Array.from(tasks.querySelectorAll<HTMLInputElement>('li.task input[type="checkbox"]'));
    expect(boxes.map((box) => [box.checked, box.disabled])).toEqual([
      [true, true],
      [false, true],
    ]);
    expect(tasks.textContent).toBe('donetodo');
  });

  it('renders a GFM table with a header row and column alignment', () => {
    const div = mount('| Plan | Price |\n|:-----|------:|\n| Basic | 10 € |\n| Pro | 20 € |');
    expect(Array.from(div.querySelectorAll('thead th')).map((th) => th.textContent)).toEqual(['Plan', 'Price']);
    expect(Array.from(div.querySelectorAll('tbody tr')).map((tr) => tr.textContent)).toEqual(['Basic10 €', 'Pro20 €']);
    expect(div.querySelector('tbody td:last-child')?.className).toBe('align-right');
    expect(div.querySelector('table')?.parentElement?.className).toBe('table-wrap');
  });

  it('renders fenced code literally with a copy button, also while the fence is still open', () => {
    const onCopy = vi.fn();
    const copy: CodeCopy = { keyPrefix: 'msg_1', label: 'Copy code', copiedLabel: 'Copied', copiedKey: null, onCopy };
    const div = mount('Run:\n\n```js\nconst a = "<b>";\n```', copy);
    const code = div.querySelector('pre code')!;
    expect(code.textContent).toBe('const a = "<b>";');
    expect(code.getAttribute('data-language')).toBe('js');
    expect(div.querySelector('b')).toBeNull();
    const button = div.querySelector<HTMLButtonElement>('.code-block .copy-code')!;
    expect(button.textContent).toBe('Copy code');
    button.click();
    expect(onCopy).toHaveBeenCalledWith('msg_1#6', 'const a = "<b>";');
    const copied = mount('Run:\n\n```js\nconst a = "<b>";\n```', { ...copy, copiedKey: 'msg_1#6' });
    expect(copied.querySelector('.copy-code')?.textContent).toBe('Copied');
    expect(mount('```\npartial').querySelector('pre code')?.textContent).toBe('partial');
  });

  it('keeps only absolute http(s) and mailto links, opened in a new tab without an opener', () => {
    const div = mount(
      '[site](https://example.com/a?b=1) [mail](mailto:a@b.example) [rel](/relative) [proto](//evil.example) https://auto.example',
    );
    const links = Array.from(div.querySelectorAll('a'));
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://example.com/a?b=1',
      'mailto:a@b.example',
      'https://auto.example/',
    ]);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
    expect(div.textContent).toContain('rel');
  });
});

describe('markdownView on hostile text', () => {
  const hostile: [string, string][] = [
    ['an inline javascript: link', '[x](javascript:alert(1)) [y]( JaVaScRiPt:alert(1))'],
    ['a javascript: link reference', '[click][evil]\n\n[evil]: javascript:alert(1)'],
    ['a collapsed reference to an entity-encoded scheme', '[evil][]\n\n[evil]: &#106;avascript:alert(1)'],
    ['a data: URL link and image', '[d](data:text/html,<script>alert(1)</script>) ![i](data:image/svg+xml,<svg onload=alert(1)>)'],
    ['a vbscript: autolink', '<vbscript:msgbox(1)>'],
    ['inline SVG', '<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)">x</a></svg>'],
    ['raw HTML blocks and inline tags', '<img src=x onerror=alert(1)>\n\n<script>alert(2)</script> **<b onclick=alert(3)>x</b>**'],
    ['an iframe and a style tag', '<iframe src="https://evil.example"></iframe><style>*{display:none}</style>'],
    ['an image with a remote URL', '![tracker](https://evil.example/pixel.png)'],
  ];

  it.each(hostile)('renders %s without elements from the text, handlers or unsafe links', (_name, text) => {
    const div = mount(text);
    expect(div.querySelectorAll('img, script, svg, iframe, style, b, object, embed').length).toBe(0);
    const withHandlers = Array.from(div.querySelectorAll('*')).filter((el) =>
      Array.from(el.attributes).some((attr) => attr.name.startsWith('on') || attr.name.includes('href') && !/^(https?|mailto):/.test(attr.value)),
    );
    expect(withHandlers).toEqual([]);
  });

  it('shows raw HTML as its text', () => {
    expect(mount('<img src=x onerror=alert(1)>\n\nhi <b>x</b>').textContent).toBe('<img src=x onerror=alert(1)>hi <b>x</b>');
  });

  it('resolves link references within their block, and shows unsafe or missing ones as text', () => {
    expect(mount('[evil]: javascript:alert(1)\n[click][evil]').textContent).toBe('click');
    const safe = mount('[ok]: https://docs.example/a\n[docs][ok]');
    expect(safe.querySelector('a')?.getAttribute('href')).toBe('https://docs.example/a');
    expect(mount('[nothing][missing]').textContent).toBe('[nothing][missing]');
  });

  it('renders 64 KB of nesting as text past a fixed depth instead of exhausting the stack', () => {
    for (const text of ['>'.repeat(64 * 1024) + ' deep', '- '.repeat(32 * 1024) + 'deep', '*'.repeat(64 * 1024)]) {
      const div = mount(text);
      expect(div.querySelectorAll('blockquote').length).toBeLessThanOrEqual(24);
      expect(div.textContent).toContain(text.includes('deep') ? 'deep' : '*');
    }
  });

  // micromark pairs delimiters in time quadratic in their number when they nest
  // or stay open. Blocks over the budget skip the parser and show as text, so
  // the work is linear in the text; the benchmark measures the time
  // (scripts/bench-markdown.mjs).
  const KB = 1024;
  const cases: [string, (n: number) => string][] = [
    ['unclosed bold', (n) => '**a '.repeat(n / 4)],
    ['unclosed italics', (n) => '*a _b '.repeat(n / 6)],
    ['stars around a word', (n) => '*'.repeat(n / 2) + 'x' + '*'.repeat(n / 2)],
    ['nested emphasis closed at the end', (n) => '*a '.repeat(n / 6) + 'x' + ' a*'.repeat(n / 6)],
    ['unclosed links', (n) => '[a]('.repeat(n / 4)],
    ['a run of brackets', (n) => '['.repeat(n)],
    ['nested quotes', (n) => '>'.repeat(n)],
    ['nested bullets', (n) => '- '.repeat(n / 2)],
    ['a table row of many cells', (n) => '|a|\n|-|\n' + '|b'.repeat(n / 2)],
  ];

  it.each(cases)('shows 64 KB of %s as plain text rather than parse it', (_name, make) => {
    const text = make(64 * KB);
    const blocks = splitBlocks(text);
    expect(blocks.map((block) => block.text).join('')).toBe(text);
    expect(blocks.every((block) => parseBlock(block.text) === null)).toBe(true);
    expect(mount(text).querySelector('p.plain')?.textContent).toBe(text);
  });

  it('splits at blank lines before unindented text, never inside fenced code', () => {
    const text = 'one\n\ntwo\n\n```\na\n\nb\n```\n\n- item\n\n  continued\nthree';
    expect(splitBlocks(text).map((block) => block.text)).toEqual([
      'one\n\n',
      'two\n\n',
      '```\na\n\nb\n```\n\n',
      '- item\n\n  continued\nthree',
    ]);
  });
});
