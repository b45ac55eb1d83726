import { replacePlaceholders } from '@wfchat/contracts';

export interface TemplateScope {
  input: string;
  /** Names of the files attached to the visitor's message, comma-separated (`{{attachments}}`). */
  attachments?: string;
  /** Outputs of the nodes that ran so far, by node id. */
  outputs: ReadonlyMap<string, string>;
}

/**
 * Fills `{{input}}`, `{{attachments}}` and `{{nodes.<id>.output}}`. A node that did not run (another
 * branch) renders as empty text. Unknown placeholders are left as written;
 * validation refuses them, so they only appear in unvalidated input.
 * `encode` escapes each inserted value (URLs use encodeURIComponent so that a
 * visitor's text cannot change the host or path).
 */
export function renderTemplate(template: string, scope: TemplateScope, encode?: (value: string) => string): string {
  if (!template.includes('{{')) return template;
  return replacePlaceholders(template, (p, whole) => {
    if (p.kind === 'unknown') return whole;
    const value =
      p.kind === 'input'
        ? scope.input
        : p.kind === 'attachments'
          ? (scope.attachments ?? '')
          : (scope.outputs.get(p.nodeId) ?? '');
    return encode ? encode(value) : value;
  });
}

/** Renders every string inside a JSON value (http bodies), keeping the JSON valid. */
export function renderJson(value: unknown, scope: TemplateScope): unknown {
  if (typeof value === 'string') return renderTemplate(value, scope);
  if (Array.isArray(value)) return value.map((v) => renderJson(v, scope));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderJson(v, scope)]));
  }
  return value;
}
