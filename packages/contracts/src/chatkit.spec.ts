import { describe, expect, it } from 'vitest';
import { CHATKIT_LIMITS, chatkitRequestBytes, isStreamingOp, userMessageText, ZChatkitRequest } from './chatkit.js';

const input = (text: string) => ({ content: [{ type: 'input_text', text }], attachments: [], inference_options: {} });

describe('ZChatkitRequest', () => {
  it('parses each op by its type, ignoring unknown fields and defaulting optional ones', () => {
    const parsed = ZChatkitRequest.parse({
      type: 'threads.create',
      params: { input: input('hi'), extra: 1 },
      other: true,
    });
    expect(parsed).toEqual({ type: 'threads.create', params: { input: input('hi') } });
    const list = ZChatkitRequest.parse({ type: 'threads.list', params: {} });
    expect(list).toEqual({ type: 'threads.list', params: { order: 'desc' } });
    const minimal = ZChatkitRequest.parse({
      type: 'threads.create',
      params: { input: { content: [{ type: 'input_text', text: 'x' }] } },
    });
    expect(minimal.type === 'threads.create' && minimal.params.input).toEqual(input('x'));
  });

  it('requires params, a known type and a bounded message', () => {
    expect(ZChatkitRequest.safeParse({ type: 'threads.list' }).success).toBe(false);
    expect(ZChatkitRequest.safeParse({ type: 'nope', params: {} }).success).toBe(false);
    const long = ZChatkitRequest.safeParse({
      type: 'threads.create',
      params: { input: input('x'.repeat(CHATKIT_LIMITS.messageChars + 1)) },
    });
    expect(long.success).toBe(false);
    const exact = ZChatkitRequest.safeParse({
      type: 'threads.create',
      params: { input: input('x'.repeat(CHATKIT_LIMITS.messageChars)) },
    });
    expect(exact.success).toBe(true);
    expect(ZChatkitRequest.safeParse({ type: 'items.list', params: { thread_id: 't', limit: 0 } }).success).toBe(false);
    expect(
      ZChatkitRequest.safeParse({ type: 'items.feedback', params: { thread_id: 't', item_ids: ['a'], kind: 'meh' } })
        .success,
    ).toBe(false);
  });

  it('tells streaming ops from JSON ops, and reads a message text', () => {
    expect(isStreamingOp('threads.add_user_message')).toBe(true);
    expect(isStreamingOp('items.list')).toBe(false);
    expect(
      userMessageText({
        content: [
          { type: 'input_text', text: ' a ' },
          { type: 'input_tag', id: 't', text: 'b' },
        ],
      }),
    ).toBe('a  b');
  });
});

describe('chatkitRequestBytes', () => {
  const create = (input: object, metadata?: object) =>
    ZChatkitRequest.parse({ type: 'threads.create', params: { input }, ...(metadata ? { metadata } : {}) });
  const message = (text: string, extra: object = {}) => ({ content: [{ type: 'input_text', text }], ...extra });

  it('leaves the message text out, so a long message costs the same as a short one', () => {
    expect(chatkitRequestBytes(create(message('x'.repeat(8_000))))).toBe(chatkitRequestBytes(create(message('x'))));
    expect(chatkitRequestBytes(create(message('x', { quoted_text: 'q'.repeat(5_000) })))).toBeLessThan(200);
  });

  it('counts everything else: tag data (even a field named text), options and metadata', () => {
    const base = chatkitRequestBytes(create(message('x')));
    const tag = { type: 'input_tag', id: 't', text: 'Tag', data: { text: 'd'.repeat(1_000) } };
    expect(chatkitRequestBytes(create({ content: [tag] }))).toBeGreaterThan(base + 1_000);
    expect(chatkitRequestBytes(create(message('x'), { note: 'é'.repeat(1_000) }))).toBeGreaterThan(base + 2_000);
  });

  it('refuses over-long ids in a message', () => {
    const long = 'i'.repeat(CHATKIT_LIMITS.idChars + 1);
    const tag = { type: 'input_tag', id: long, text: 'Tag' };
    expect(ZChatkitRequest.safeParse({ type: 'threads.create', params: { input: { content: [tag] } } }).success).toBe(
      false,
    );
  });
});
