import type { TConditionNode } from '@wfchat/contracts';

// A visitor controls the tested text and an author the pattern; capping the text
// bounds how long a badly written regular expression can keep the loop busy.
const MAX_TESTED_CHARS = 10_000;

/**
 * The value a condition tests: the input, a named node's output, or by default
 * the predecessor's output (`fallback`).
 */
export function conditionSubject(
  node: TConditionNode,
  input: string,
  outputs: ReadonlyMap<string, string>,
  fallback: string,
): string {
  const on = node.config.on;
  if (on === 'input') return input;
  if (on !== undefined) return outputs.get(on) ?? '';
  return fallback;
}

/** All tests ignore case (visitors type freely); `equals` also ignores surrounding spaces. */
export function evaluateCondition(node: TConditionNode, subject: string): boolean {
  const value = subject.slice(0, MAX_TESTED_CHARS);
  const { contains, equals, matches } = node.config;
  if (contains !== undefined) return value.toLowerCase().includes(contains.toLowerCase());
  if (equals !== undefined) return value.trim().toLowerCase() === equals.trim().toLowerCase();
  if (matches !== undefined) return new RegExp(matches, 'i').test(value);
  return false;
}
