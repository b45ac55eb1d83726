import { describe, expect, it } from 'vitest';
import { CHATKIT_LIMITS } from '@wfchat/contracts';
import { compilePattern, PATTERN_MAX_STEPS, PATTERN_WORK_BUDGET, patternProblem } from './condition.pattern.js';

describe('condition patterns (RE2)', () => {
  it.each([
    ['^y(es)?$', 'YES', true],
    ['^y(es)?$', 'yes please', false],
    ['\\b(refund|money back)\\b', 'I want my Money Back now', true],
    ['\\d+ (eur|€)', 'Price: 12 €', true],
    ['^(\\w+\\s?)*$', 'Hello World', true],
    ['straße', 'STRASSE', false],
    ['é', 'É', true],
    ['^a.c$', 'a\nc', false],
    ['^abc$', 'abc\n', false],
  ])('%s tested case-insensitively anywhere in %j is %s', (pattern, text, expected) => {
    expect(compilePattern(pattern).re.test(text)).toBe(expected);
  });

  it.each([
    ['(a)\\1', /back-references/],
    ['(?<n>a)\\k<n>', /back-references/],
    ['foo(?=bar)', /look-ahead/],
    ['foo(?!bar)', /look-ahead/],
    ['(?<=x)y', /look-behind/],
    ['(?<!x)y', /look-behind/],
    ['\\u00e9', /\\x\{00E9\}/],
    ['(unclosed', /^invalid regular expression: missing closing \): .*RE2 syntax/],
    ['a{1001}', /invalid regular expression: invalid repeat count/],
    ['(a|b)*a(a|b){100}', new RegExp(`too complex \\(\\d+ steps, at most ${PATTERN_MAX_STEPS}\\)`)],
  ])('refuses %s with a message an author can act on', (pattern, message) => {
    expect(patternProblem(pattern)).toMatch(message);
  });

  it('accepts RE2-only syntax and long keyword lists', () => {
    expect(patternProblem('(?P<word>\\pL+)')).toBeUndefined();
    const keywords = 'refund|money back|cancel|return|exchange|broken|damaged|warranty|complaint|chargeback|scam|fraud';
    expect(patternProblem(`\\b(${keywords}|${keywords.toUpperCase()})\\b`)).toBeUndefined();
  });

  it('matches in linear time where a backtracking engine takes exponential time', () => {
    // A backtracking engine doubles its work per character here: 2^30 steps
    // for 30 characters, and 10,000 would never finish. No ratio of timings
    // (flaky on a busy machine): finishing at all is the proof.
    const { re } = compilePattern('^(\\w+\\s?)*$');
    for (const n of [30, 10_000]) expect(re.test(`${'a'.repeat(n)}!`)).toBe(false);
    expect(re.test('a b c')).toBe(true);
  });

  it('lets real patterns see a whole visitor message, and bounds the work of complex ones', () => {
    const keywords = compilePattern('\\b(refund|money back|cancel( my)? (order|subscription))\\b');
    expect(keywords.maxChars).toBeGreaterThanOrEqual(CHATKIT_LIMITS.messageChars);
    const complex = compilePattern('(a|b)*a(a|b){90}!');
    expect(complex.maxChars * complex.re.re2Input.prog.numInst()).toBeLessThanOrEqual(PATTERN_WORK_BUDGET);
  });
});
