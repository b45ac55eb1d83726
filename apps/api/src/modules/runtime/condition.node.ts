import type { TConditionNode } from '@wfchat/contracts';
import { compilePattern, PatternError } from './condition.pattern.js';
import { RuntimeError, RuntimeErrorCode } from './runtime.errors.js';

// A visitor controls the tested text and an author the pattern: RE2 matches in
// time linear in the text, and capping the text bounds that time.
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
  if (matches !== undefined) return testPattern(matches, value);
  return false;
}

function testPattern(source: string, value: string): boolean {
  try {
    const { re, maxChars } = compilePattern(source);
    return re.test(value.length > maxChars ? value.slice(0, maxChars) : value);
  } catch (e) {
    // Only a definition saved before patterns ran on RE2 can hold one it refuses.
    if (e instanceof PatternError) {
      throw new RuntimeError(
        RuntimeErrorCode.Internal,
        'This workflow uses a condition pattern that is no longer supported; its author needs to update it.',
        false,
      );
    }
    throw e;
  }
}
