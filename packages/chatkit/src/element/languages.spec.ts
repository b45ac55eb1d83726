import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeChatKitApi, jsonResponse, thread } from '../test/fake-chatkit-api.js';
import { cleanupElements, mountElement } from '../test/mount-element.js';
import { ATTACHMENT_STRINGS } from './attachment-strings.js';
import { DEFAULT_STRINGS, resolveStrings, TRANSLATED_LANGUAGES, textDirection } from './chat-strings.js';

afterEach(cleanupElements);

describe('built-in strings per language', () => {
  it('translates every label into es, de, fr, ja and ar', () => {
    expect(TRANSLATED_LANGUAGES).toEqual(expect.arrayContaining(['en', 'es', 'de', 'fr', 'ja', 'ar']));
    for (const language of ['es', 'de', 'fr', 'ja', 'ar']) {
      const strings = resolveStrings(undefined, language);
      for (const key of Object.keys(DEFAULT_STRINGS) as (keyof typeof DEFAULT_STRINGS)[]) {
        expect(strings[key], `${language}.${key}`).toBeTruthy();
      }
      // Identical words are fine ("Message", "Conversation"); a copied table is not.
      const same = Object.keys(DEFAULT_STRINGS).filter((key) => strings[key as keyof typeof strings] === DEFAULT_STRINGS[key as keyof typeof strings]);
      expect(same.length, `${language}: ${same.join(', ')}`).toBeLessThanOrEqual(3);
      expect(strings.workedFor).toContain('{duration}');
      // The attachment labels (English in the lazy attachment chunk) are translated too, placeholders kept.
      for (const [key, english] of Object.entries(ATTACHMENT_STRINGS)) {
        const translated = strings[key as keyof typeof strings];
        expect(translated, `${language}.${key}`).toBeTruthy();
        expect(translated, `${language}.${key}`).not.toBe(english);
        for (const placeholder of english.match(/\{\w+\}/g) ?? []) expect(translated, `${language}.${key}`).toContain(placeholder);
      }
    }
  });

  it('fetches a translation only when asked for it', async () => {
    vi.resetModules();
    const fresh = await import('./chat-strings.js');
    expect(fresh.translationReady('ja')).toBe(false);
    expect(fresh.translationReady('pt')).toBe(true);
    expect(fresh.resolveStrings(undefined, 'ja').send).toBe(DEFAULT_STRINGS.send);
    await fresh.loadTranslation('ja');
    expect(fresh.translationReady('ja')).toBe(true);
    expect(fresh.resolveStrings(undefined, 'ja').send).toBe('メッセージを送信');
  });

  it('matches on the primary subtag, falls back to English, and lets overrides win', () => {
    expect(resolveStrings(undefined, 'de-AT').send).toBe('Nachricht senden');
    expect(resolveStrings(undefined, 'pt-BR').send).toBe(DEFAULT_STRINGS.send);
    expect(resolveStrings({ send: 'Los' }, 'de').send).toBe('Los');
    expect(textDirection('ar-EG')).toBe('rtl');
    expect(textDirection('he')).toBe('rtl');
    expect(textDirection('fr')).toBe('ltr');
    expect(textDirection(undefined)).toBe('ltr');
  });
});

describe('<openai-chatkit> built-in: locale option', () => {
  it('Arabic: translated labels and right-to-left layout', () => {
    const { $ } = mountElement(new FakeChatKitApi(), { locale: 'ar' });
    const root = $('.root')!;
    expect(root.getAttribute('dir')).toBe('rtl');
    expect(root.getAttribute('lang')).toBe('ar');
    expect($('.greeting')?.textContent).toBe('كيف يمكنني مساعدتك اليوم؟');
    expect($('.send')?.getAttribute('aria-label')).toBe('إرسال الرسالة');
    expect($<HTMLTextAreaElement>('textarea')?.placeholder).toBe('اكتب رسالة');
  });

  it('switches language on setOptions, history panel included, with dates through Intl', async () => {
    const api = new FakeChatKitApi();
    api.on('threads.list', () => jsonResponse({ data: [thread('thr_1', 'Vieux')], has_more: false }));
    const { el, $ } = mountElement(api, { locale: 'ja' });
    expect($('.new-chat')?.getAttribute('aria-label')).toBe('新しいチャット');
    el.setOptions({ api: { url: '/api/chatkit', fetch: api.fetch as unknown as typeof fetch, domainKey: 'x' }, locale: 'fr' });
    expect($('.root')?.getAttribute('dir')).toBe('ltr');
    expect($('.new-chat')?.getAttribute('aria-label')).toBe('Nouvelle conversation');
    await el.showHistory();
    expect($('.history h2')?.textContent).toBe('Historique');
    const when = $('.threads time')!;
    expect(when.getAttribute('datetime')).toBe('2025-01-01T00:00:00.000Z');
    expect(when.textContent).toBe(new Intl.DateTimeFormat('fr', { dateStyle: 'medium' }).format(new Date('2025-01-01T00:00:00.000Z')));
  });
});
