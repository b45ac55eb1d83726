import { describe, expect, it } from 'vitest';
import { failureFor } from './chat-failure.js';

describe('failureFor', () => {
  it("a workflow's daily cap is its own screen, not the short rate-limit wait", () => {
    expect(failureFor({ status: 429, code: 'workflow.quota_exceeded', retryAfterSeconds: 7200 })).toEqual({
      kind: 'quota-exceeded',
      retryAfterSeconds: 7200,
    });
    expect(failureFor({ status: 429, code: 'rate_limited', retryAfterSeconds: 20 })).toEqual({
      kind: 'rate-limited',
      retryAfterSeconds: 20,
    });
  });
});
