import { describe, expect, it } from 'vitest';
import { readableOn, resolveTheme } from './theme.js';

describe('text on the accent colour', () => {
  it('is white on dark accents and near-black on light ones (WCAG contrast)', () => {
    expect(readableOn('#2563eb')).toBe('#ffffff');
    expect(readableOn('#60a5fa')).toBe('#111827');
    expect(readableOn('#fde047')).toBe('#111827');
    expect(readableOn('#000')).toBe('#ffffff');
    expect(readableOn('rgb(0, 0, 0)')).toBeUndefined();
  });

  it('goes with a custom accent into the theme variables', () => {
    expect(resolveTheme({ color: { accent: { primary: '#facc15' } } } as never).vars).toMatchObject({
      '--ck-accent': '#facc15',
      '--ck-on-accent': '#111827',
    });
  });
});
