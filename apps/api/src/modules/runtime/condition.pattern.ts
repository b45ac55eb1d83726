import { RE2JS } from 're2js';

/**
 * `condition.matches` patterns: author-written, tested against visitor text.
 * They run on RE2 (re2js, a pure-JS port), whose matching time is linear in
 * the text, so no pattern can backtrack catastrophically and stall the event
 * loop. RE2 has no back-references or look-around; such patterns are refused
 * at save. Flags: case-insensitive, as before; `^`/`$` anchor the whole text
 * and `.` does not match a newline (RE2's defaults, like JavaScript's).
 */

/**
 * Matching is linear, but its constant is the compiled program's size: when
 * RE2's lazy DFA runs out of states on a pattern such as `(a|b)*a(a|b){50}`,
 * a test costs about steps × characters, at a few million per second. So the
 * program is capped at save, and a pattern sees at most `PATTERN_WORK_BUDGET /
 * steps` characters of the text (and never more than 10,000), which keeps one
 * test at a few hundred milliseconds in the worst case. Real patterns (keyword
 * lists, numbers, greetings) compile to 10-60 steps and see a whole message.
 */
export const PATTERN_MAX_STEPS = 300;
export const PATTERN_WORK_BUDGET = 500_000;
/** Compiled patterns kept per process (a turn tests the same few again and again). */
const CACHE_SIZE = 500;

export interface CompiledPattern {
  re: RE2JS;
  /** How many characters of a text this pattern may be tested against. */
  maxChars: number;
}

const cache = new Map<string, CompiledPattern>();

export class PatternError extends Error {}

/** The compiled pattern, or a PatternError whose message an author can act on. */
export function compilePattern(source: string): CompiledPattern {
  const cached = cache.get(source);
  if (cached) return cached;
  let re: RE2JS;
  try {
    re = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  } catch (e) {
    throw new PatternError(explain(source, (e as Error).message));
  }
  const steps = re.re2Input.prog.numInst();
  if (steps > PATTERN_MAX_STEPS) {
    throw new PatternError(
      `this pattern is too complex (${steps} steps, at most ${PATTERN_MAX_STEPS}); use smaller repetition counts such as {n}`,
    );
  }
  const compiled = { re, maxChars: Math.floor(PATTERN_WORK_BUDGET / steps) };
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(source, compiled);
  return compiled;
}

/** Why a pattern cannot be used, or undefined when it can. */
export function patternProblem(source: string): string | undefined {
  try {
    compilePattern(source);
    return undefined;
  } catch (e) {
    if (e instanceof PatternError) return e.message;
    throw e;
  }
}

const LINEAR = 'patterns use RE2 syntax, which matches in linear time';

function explain(source: string, engineMessage: string): string {
  if (/\\[1-9]|\\k</.test(source)) return `back-references such as \\1 are not supported (${LINEAR})`;
  if (/\(\?<[=!]/.test(source)) return `look-behind such as (?<=…) or (?<!…) is not supported (${LINEAR})`;
  if (/\(\?[=!]/.test(source)) return `look-ahead such as (?=…) or (?!…) is not supported (${LINEAR})`;
  if (/\\u[0-9A-Fa-f{]/.test(source)) return 'write a character code as \\x{00E9}, not \\u00E9 (RE2 syntax)';
  const detail = engineMessage.replace(/^error parsing regexp: /, '');
  return `invalid regular expression: ${detail} (RE2 syntax)`;
}
