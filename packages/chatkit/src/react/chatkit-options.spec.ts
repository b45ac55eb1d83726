import { describe, expect, it, vi } from 'vitest';
import { toChatKitOptions, type ChatKitOptionsInput } from './chatkit-options.js';

const base: ChatKitOptionsInput = {
  apiUrl: '/api/chatkit',
  fetch: vi.fn() as unknown as typeof fetch,
  element: 'builtin',
};

describe('toChatKitOptions: appearance', () => {
  it.each(['builtin', 'openai'] as const)('maps every setting onto ChatKit option names (%s element)', (element) => {
    const options = toChatKitOptions({
      ...base,
      element,
      title: 'Acme help',
      greeting: 'Hi there',
      prompts: [{ label: 'Pricing', prompt: 'How much is it?' }],
      placeholder: 'Ask about your order',
      disclaimer: 'Answers may be wrong.',
      theme: { colorScheme: 'dark', accentColor: '#0f766e', radius: 'large', density: 'compact' },
    });
    expect(options.header).toEqual({ title: { text: 'Acme help' } });
    expect(options.startScreen).toEqual({
      greeting: 'Hi there',
      prompts: [{ label: 'Pricing', prompt: 'How much is it?' }],
    });
    expect(options.composer).toEqual({ placeholder: 'Ask about your order' });
    expect(options.disclaimer).toEqual({ text: 'Answers may be wrong.' });
    expect(options.theme).toEqual({
      colorScheme: 'dark',
      radius: 'pill',
      density: 'compact',
      color: { accent: { primary: '#0f766e', level: 1 } },
    });
  });

  it('resolves a system color scheme from the device preference (ChatKit knows only light and dark)', () => {
    const system = { ...base, theme: { colorScheme: 'system' as const } };
    expect(toChatKitOptions({ ...system, prefersDark: true }).theme).toEqual({ colorScheme: 'dark' });
    expect(toChatKitOptions({ ...system, prefersDark: false }).theme).toEqual({ colorScheme: 'light' });
    expect(toChatKitOptions({ ...base, theme: { colorScheme: 'light' }, prefersDark: true }).theme).toEqual({
      colorScheme: 'light',
    });
  });

  it('leaves out what is not set, so each element keeps its defaults', () => {
    const options = toChatKitOptions(base);
    expect(options.theme).toEqual({ colorScheme: 'light' });
    expect(options.header).toEqual({});
    expect(options).not.toHaveProperty('composer');
    expect(options).not.toHaveProperty('disclaimer');
    expect(toChatKitOptions({ ...base, placeholder: '', disclaimer: '' })).not.toHaveProperty('disclaimer');
  });

  it('prefers the workflow placeholder over the locale one', () => {
    const locale = { composerPlaceholder: 'Nachricht' };
    expect(toChatKitOptions({ ...base, locale, placeholder: 'Your order?' }).composer).toEqual({
      placeholder: 'Your order?',
    });
    expect(toChatKitOptions({ ...base, locale }).composer).toEqual({ placeholder: 'Nachricht' });
  });
});

describe('toChatKitOptions: attachments', () => {
  it("maps the public metadata's chat.attachments onto composer.attachments", () => {
    const options = toChatKitOptions({
      ...base,
      placeholder: 'Ask',
      attachments: { enabled: true, accept: ['image/png', 'application/pdf'], maxSizeBytes: 5 * 1024 * 1024, maxFilesPerMessage: 4 },
    });
    expect(options.composer).toEqual({
      placeholder: 'Ask',
      attachments: { enabled: true, accept: { 'image/png': [], 'application/pdf': [] }, maxSize: 5 * 1024 * 1024, maxCount: 4 },
    });
  });

  it('leaves attachments off when absent or disabled', () => {
    expect(toChatKitOptions(base).composer).toBeUndefined();
    expect(toChatKitOptions({ ...base, attachments: { enabled: false } }).composer).toBeUndefined();
    expect(toChatKitOptions({ ...base, attachments: { enabled: true } }).composer).toEqual({ attachments: { enabled: true } });
  });
});
