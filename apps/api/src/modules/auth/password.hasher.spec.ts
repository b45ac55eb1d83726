import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../config/config.schema.js';
import { PasswordHasher } from './password.hasher.js';

const hasher = (concurrency: number, queue: number) =>
  new PasswordHasher({ passwordHashing: { concurrency, queue } } as AppConfig);

describe('PasswordHasher', () => {
  it('runs `concurrency` hashes, queues `queue` more, and refuses the rest with 503 and Retry-After', async () => {
    const h = hasher(1, 1);
    const running = h.hash('first password');
    const queued = h.hash('second password');
    await expect(h.hash('third password')).rejects.toMatchObject({
      status: 503,
      code: 'service.unavailable',
      headers: { 'Retry-After': '1' },
    });
    await expect(h.verify(await running, 'first password')).resolves.toBe(true);
    await expect(h.verify(await queued, 'nope')).resolves.toBe(false);
  });

  it('still answers false for an unknown user, after a hash', async () => {
    await expect(hasher(2, 2).verify(null, 'anything')).resolves.toBe(false);
  });
});
