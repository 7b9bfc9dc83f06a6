import type { SchedulerClock } from '../../infra/local/scheduler.ts';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/** Lets pending promise callbacks (an async listTenants, a dispatch) run; no time passes. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A clock for the scheduler that only moves when told to. As with real timers, a delay is measured
 * on a monotonic clock, so setting the wall clock (`set`) does not move the timers. Timers run in
 * order of their due time, with the clock at that time, and pending promises settle between them.
 */
export class FakeClock implements SchedulerClock {
  /** Monotonic time; the wall clock is `monoMs + offsetMs`. */
  private monoMs: number;
  private offsetMs = 0;
  private timers: Timer[] = [];
  private nextId = 1;
  /** How many times each due timer callback runs (2: a timer that fires twice). */
  repeat = 1;
  /** How much later than asked each timer fires. */
  lateMs = 0;
  /** Every delay the scheduler asked for. */
  readonly delays: number[] = [];

  constructor(start: string | number) {
    this.monoMs = typeof start === 'string' ? Date.parse(start) : start;
  }

  now(): number {
    return this.monoMs + this.offsetMs;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.delays.push(ms);
    this.timers.push({ id, at: this.monoMs + Math.max(0, ms) + this.lateMs, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  /** Timers not yet run. */
  pending(): number {
    return this.timers.length;
  }

  /** Moves the clock forward to `target` (an ISO instant or ms), running the timers due on the way. */
  async advanceTo(target: string | number): Promise<void> {
    const targetMono = (typeof target === 'string' ? Date.parse(target) : target) - this.offsetMs;
    for (;;) {
      await settle();
      const due = this.timers.filter((timer) => timer.at <= targetMono).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.clearTimeout(due.id);
      this.monoMs = Math.max(this.monoMs, due.at);
      for (let i = 0; i < this.repeat; i++) due.fn();
    }
    this.monoMs = Math.max(this.monoMs, targetMono);
    await settle();
  }

  /** Sets the clock (a clock change, or a laptop waking up) without running any timer. */
  set(to: string | number): void {
    this.offsetMs = (typeof to === 'string' ? Date.parse(to) : to) - this.monoMs;
  }
}
