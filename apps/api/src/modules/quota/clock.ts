import { Injectable } from '@nestjs/common';

/** The time daily caps are counted in; replaced in tests to cross a UTC midnight without waiting. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

const DAY_MS = 86_400_000;

/** The UTC day of an instant, `YYYY-MM-DD`. */
export const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/** Milliseconds from `at` to the next UTC midnight (at least 1). */
export const msToNextUtcDay = (at: Date) => Math.max(1, DAY_MS - (at.getTime() % DAY_MS));
