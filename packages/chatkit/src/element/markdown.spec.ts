import { describe, expect, it } from 'vitest';
import { referenceInline } from '../test/markdown-reference.js';
import { appendInline, renderMarkdown, safeHref } from './markdown.js';

function html(markdown: string): string {
  const div = document.createElement('div');
  div.appendChild(renderMarkdown(markdown, document));
  return div.innerHTML;
}

describe('renderMarkdown', () => {
  it('renders paragraphs, line breaks, bold, italic and inline code', () => {
    expect(html('Hello **bold** and *it* and _it2_ and `a**b`\nnext line\n\nsecond')).toBe(
      '<p>Hello <strong>bold</strong> and <em>it</em> and <em>it2</em> and <code>a**b</code><br>next line</p><p>second</p>',
    );
  });

  it('renders fenced code blocks literally, even unclosed ones while streaming', () => {
    expect(html('```js\nconst a = "<b>";\n```')).toBe(
      '<pre><code data-language="js">const a = "&lt;b&gt;";</code></pre>',
    );
    expect(html('```\npartial')).toBe('<pre><code>partial</code></pre>');
  });

  it('renders ordered and unordered lists and headings', () => {
    expect(html('- a\n- **b**\n\n1. one\n2. two')).toBe(
      '<ul><li>a</li><li><strong>b</strong></li></ul><ol><li>one</li><li>two</li></ol>',
    );
    expect(html('# Title')).toBe('<h3>Title</h3>');
  });

  it('keeps safe links and turns unsafe ones into text', () => {
    expect(html('[site](https://example.com/a?b=1)')).toBe(
      '<p><a href="https://example.com/a?b=1" target="_blank" rel="noopener noreferrer">site</a></p>',
    );
    const div = document.createElement('div');
    div.appendChild(renderMarkdown('[x](javascript:alert(1))', document));
    expect(div.querySelector('a')).toBeNull();
    expect(div.textContent).toContain('x');
  });

  it('safeHref allows only absolute http(s) and mailto', () => {
    expect(safeHref('https://a.example')).toBe('https://a.example/');
    expect(safeHref('mailto:a@b.example')).toBe('mailto:a@b.example');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref(' JaVaScRiPt:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,x')).toBeNull();
    expect(safeHref('/relative')).toBeNull();
    expect(safeHref('//evil.example')).toBeNull();
  });

  it('never creates elements from HTML in the text', () => {
    const div = document.createElement('div');
    div.appendChild(renderMarkdown('<img src=x onerror=alert(1)> <script>alert(2)</script> **<b>x</b>**', document));
    expect(div.querySelectorAll('img, script, b').length).toBe(0);
    expect(div.textContent).toBe('<img src=x onerror=alert(1)> <script>alert(2)</script> <b>x</b>');
  });
});

describe('appendInline', () => {
  const inline = (render: typeof appendInline, text: string) => {
    const div = document.createElement('div');
    render(div, text, document);
    return div.innerHTML;
  };

  it('renders exactly what the former regular expressions rendered, on every short mix of markers', () => {
    const tokens = ['*', '**', '_', '`', '[', ']', '(', ')', ' ', 'a', '"', 'https://e.x'];
    let strings = [''];
    const all: string[] = [];
    for (let len = 1; len <= 4; len++) {
      strings = strings.flatMap((prefix) => tokens.map((t) => prefix + t));
      all.push(...strings);
    }
    let withMarkup = 0;
    for (const text of all) {
      const expected = inline(referenceInline, text);
      expect(inline(appendInline, text), JSON.stringify(text)).toBe(expected);
      if (expected.includes('<')) withMarkup++;
    }
    expect(withMarkup).toBeGreaterThan(1_000);
  });

  it.each([
    'say **bold _and* italic_ with `code` and [a link](https://e.x "t")** then a_b_c __x__',
    '***a*** **a*b** *a**b* _a__b_ x_y_z _`c`_ [`x`](https://e.x) [**b**](mailto:a@b.x)',
    '[x]( https://e.x) [x](https://e.x  "t" ) [](https://e.x) [x](javascript:1) `` ` `a``b`',
  ])('agrees with the former renderer on %j', (text) => {
    expect(inline(appendInline, text)).toBe(inline(referenceInline, text));
  });
});

describe('rendering hostile text', () => {
  /**
   * A document that only counts what is built and keeps nothing, so that the
   * renderer's own work is measured (a test DOM costs far more per node than a
   * browser's, and a growing heap makes any timing superlinear).
   */
  let nodes = 0;
  let appended = 0;
  const sink = {
    textContent: '',
    appendChild: () => (appended++, sink),
    setAttribute: () => undefined,
  };
  const fakeDocument = {
    createDocumentFragment: () => sink,
    createElement: () => (nodes++, sink),
    createTextNode: () => (nodes++, sink),
  } as unknown as Document;

  // The former renderer scanned to the end of the text for every unclosed
  // marker: quadratic on all of these (minutes at 200 KB for some).
  const KB = 1024;
  const cases: [string, (n: number) => string][] = [
    ['unclosed bold', (n) => '**a '.repeat(n / 4)],
    ['unclosed italics', (n) => '*a _b '.repeat(n / 6)],
    ['a run of stars', (n) => '*'.repeat(n)],
    ['a run of underscores', (n) => '_'.repeat(n)],
    ['code spans, then a run of backticks', (n) => '`a` b '.repeat(n / 12) + '`'.repeat(n / 2)],
    ['unclosed links', (n) => '[a]('.repeat(n / 4)],
    ['a run of brackets', (n) => '['.repeat(n)],
    ['nested emphasis', (n) => '**a *b [c _d `e'.repeat(n / 16)],
    ['many lines and list items', (n) => '- *a\n**b\n# _c\n'.repeat(n / 16)],
  ];
  // Block parsing was linear already; this one only joins the 200 KB check below.
  const withFence: typeof cases = [...cases, ['an unclosed fence', (n) => '```\n' + 'x*y\n'.repeat(n / 4)]];

  /**
   * CPU time (not wall-clock time, which other processes inflate) of the
   * cheapest of seven interleaved renders of each text.
   */
  const measure = (small: string, large: string) => {
    const cpu = [Infinity, Infinity];
    for (let round = 0; round < 7; round++) {
      [small, large].forEach((text, i) => {
        const started = process.cpuUsage();
        renderMarkdown(text, fakeDocument);
        const used = process.cpuUsage(started);
        cpu[i] = Math.min(cpu[i]!, (used.user + used.system) / 1000);
      });
    }
    return { small: cpu[0]!, large: cpu[1]! };
  };

  it.each(cases)('renders %s in linear work: 4x the text, well under 16x the time', (_name, make) => {
    // Sizes where allocation and GC stay small, so the ratio shows the algorithm.
    const [small, large] = [make(25 * KB), make(100 * KB)];
    expect(large.length).toBeGreaterThanOrEqual(3.9 * small.length);
    measure(small, large); // warm up: the JIT settles on these very strings
    const m = measure(small, large);
    expect(m.large / Math.max(m.small, 1)).toBeLessThan(8);
  });

  it.each(withFence)('renders %s of 200 KB with at most one node per character', (_name, make) => {
    const text = make(200 * KB);
    nodes = 0;
    appended = 0;
    renderMarkdown(text, fakeDocument);
    expect(appended).toBeGreaterThan(0);
    expect(nodes).toBeLessThanOrEqual(text.length);
  });
});
