import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/config.schema.js';
import { userContent } from '../runtime/llm.node.js';
import { attachmentPolicy } from './attachment-policy.js';
import { acceptedTypes, sniffType } from './attachment-types.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const limits = parseConfig({}).attachments;

describe('sniffType', () => {
  it('goes by the bytes: magic numbers for binary formats, UTF-8 without control characters for text', async () => {
    expect(await sniffType(PNG)).toBe('image/png');
    expect(await sniffType(Buffer.from('%PDF-1.7\n%âãÏÓ\n'))).toBe('application/pdf');
    expect(await sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0]))).toBe('image/jpeg');
    expect(await sniffType(Buffer.from('plain words\r\n\tünïcödé ✓\n'))).toBe('text/plain');
    // A multi-byte character cut by the end of the head is still text.
    expect(await sniffType(Buffer.from('abc ✓').subarray(0, 5))).toBe('text/plain');
    expect(await sniffType(Buffer.from('text with a NUL \u0000 byte'))).toBeNull();
    expect(await sniffType(Buffer.from([0xc3, 0x28, 0x41, 0x42, 0x43, 0x44, 0x45]))).toBeNull();
    expect(await sniffType(Buffer.from('PK\u0003\u0004 a zip archive'))).toBeNull();
    expect(await sniffType(Buffer.alloc(0))).toBeNull();
  });
});

describe('attachment policy', () => {
  it('is off by default and narrows the server limits by the workflow settings only', () => {
    const definition = (attachments?: object) => ({ v: 1 as const, chat: { attachments }, nodes: [], edges: [] });
    expect(attachmentPolicy(limits, definition())).toBeNull();
    expect(attachmentPolicy(limits, definition({ enabled: false }))).toBeNull();
    expect(attachmentPolicy(limits, definition({ enabled: true }))).toEqual({
      types: limits.allowedTypes,
      maxBytes: 10 * 1024 * 1024,
      maxPerMessage: 4,
    });
    expect(attachmentPolicy(limits, definition({ enabled: true, accept: ['image/*'], maxSizeMb: 50 }))).toMatchObject({
      types: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'],
      maxBytes: 10 * 1024 * 1024,
    });
    expect(acceptedTypes(['text/plain'], ['image/*'])).toEqual([]);
  });

  it('refuses server types it could not check and too many files per message at boot', () => {
    expect(() => parseConfig({ ATTACHMENTS_ALLOWED_TYPES: 'image/png,image/svg+xml' })).toThrow(/image\/svg\+xml cannot be checked/);
    expect(() => parseConfig({ ATTACHMENTS_MAX_PER_MESSAGE: '21' })).toThrow(/ATTACHMENTS_MAX_PER_MESSAGE/);
  });
});

describe('userContent (llm steps)', () => {
  it('keeps a plain prompt a string and turns files into OpenAI-compatible parts', () => {
    expect(userContent('hi')).toBe('hi');
    const base = { id: 'atc_1', mimeType: 'x', url: 'u' };
    expect(
      userContent('look', [
        { ...base, name: 'a.png', kind: 'image', dataUrl: 'data:image/png;base64,AA==' },
        { ...base, name: 'n.txt', kind: 'text', text: 'notes' },
        { ...base, name: 'i.pdf', mimeType: 'application/pdf', kind: 'file' },
      ]),
    ).toEqual([
      { type: 'text', text: 'look' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,AA==' } },
      { type: 'text', text: 'Attached file "n.txt":\nnotes' },
      { type: 'text', text: 'Attached file "i.pdf" (application/pdf), not readable here.' },
    ]);
  });
});
