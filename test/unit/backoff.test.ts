import { describe, expect, it } from 'vitest';
import { backoffMs, maxRetries } from '../../functions/shared/backoff.ts';

describe('backoffMs', () => {
  it('waits nothing before the first try, then 50 ms doubling per retry up to 2 s', () => {
    expect(backoffMs(0)).toBe(0);
    expect(Array.from({ length: maxRetries }, (_, i) => backoffMs(i + 1))).toEqual([50, 100, 200, 400, 800, 1600, 2000, 2000, 2000, 2000]);
  });
});
