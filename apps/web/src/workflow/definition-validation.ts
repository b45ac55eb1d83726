import { definitionIssues, safeParseDefinition } from '@wfchat/contracts';

export interface DefinitionIssue {
  path: string;
  message: string;
}

export type DefinitionCheck =
  { ok: true; definition: Record<string, unknown> } | { ok: false; issues: DefinitionIssue[] };

/**
 * Validates the editor's text as the server will: JSON first, then the
 * definition schema and graph rules from contracts. The object sent to the
 * server is what the author wrote (the server upgrades and fills defaults).
 */
export function checkDefinitionText(text: string): DefinitionCheck {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, issues: [{ path: '', message: `Not valid JSON: ${(e as Error).message}` }] };
  }
  const result = safeParseDefinition(raw);
  if (!result.success) return { ok: false, issues: definitionIssues(result.error) };
  return { ok: true, definition: raw as Record<string, unknown> };
}

export const formatDefinition = (definition: unknown) => JSON.stringify(definition, null, 2);
