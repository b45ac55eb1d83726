import { describe, expect, it } from 'vitest';
import { renderMarkdown, safeHref } from './markdown.js';

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
    expect(html('```js\nconst a = "<b>";\n```')).toBe('<pre><code data-language="js">const a = "&lt;b&gt;";</code></pre>');
    expect(html('```\npartial')).toBe('<pre><code>partial</code></pre>');
  });

  it('renders ordered and unordered lists and headings', () => {
    expect(html('- a\n- **b**\n\n1. one\n2. two')).toBe('<ul><li>a</li><li><strong>b</strong></li></ul><ol><li>one</li><li>two</li></ol>');
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
