import type { Clock } from '../../functions/use-cases/ports.ts';

export interface ManualClock extends Clock {
  /** Moves time forward, calling every repeating tick that falls due on the way, in order. */
  advance(ms: number): void;
  /** Repeating ticks not yet cancelled. */
  readonly pending: number;
}

/** A clock that moves only when the test says so: no real timer, no race with a busy machine. */
export function manualClock(startMs = Date.UTC(2026, 0, 15, 12)): ManualClock {
  let nowMs = startMs;
  const repeating = new Set<{ intervalMs: number; dueMs: number; tick: () => void }>();
  return {
    now: () => nowMs,
    every(intervalMs, tick) {
      const entry = { intervalMs, dueMs: nowMs + intervalMs, tick };
      repeating.add(entry);
      return () => void repeating.delete(entry);
    },
    advance(ms) {
      const target = nowMs + ms;
      for (;;) {
        const next = [...repeating].filter((e) => e.dueMs <= target).sort((a, b) => a.dueMs - b.dueMs)[0];
        if (!next) break;
        nowMs = next.dueMs;
        next.dueMs += next.intervalMs;
        next.tick();
      }
      nowMs = target;
    },
    get pending() {
      return repeating.size;
    },
  };
}
