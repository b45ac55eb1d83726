import { vi } from 'vitest';

/**
 * Keeps injected <script>s out of the document so happy-dom neither loads nor
 * refuses them; the test decides whether a script "loads", "fails" or defines
 * the element. Each loader spec file gets its own customElements registry,
 * which is why the scenarios live in separate files.
 */
export function captureInjectedScripts(): HTMLScriptElement[] {
  const scripts: HTMLScriptElement[] = [];
  const append = document.head.appendChild.bind(document.head);
  vi.spyOn(document.head, 'appendChild').mockImplementation(<T extends Node>(node: T): T => {
    if (node instanceof HTMLScriptElement) {
      scripts.push(node);
      return node;
    }
    return append(node);
  });
  return scripts;
}
