import type { GoalCredit } from '../../../core/rollup/record-credits.ts';
import { ChangeTooWideError, maxGoalsPerChange, type LiveChange, type LiveStore, type Shadow } from '../../../functions/use-cases/live/ports.ts';

/** A goal's live values in memory: actual, in progress, custom (scaled) and skipped records. */
export interface MemoryLiveValue {
  values: [bigint, bigint, bigint];
  skipped: number;
  updatedAt: string;
}

/**
 * Live values and shadows in memory, with the DynamoDB store's one-transaction semantics: `apply`
 * checks the shadow's revision and, only if it matches, moves the shadow and adds every delta.
 * (values are keyed by JSON [tenant, goalId]) `beforeApply` runs between a caller's shadow read and its write (a test's way to race a second
 * delivery into exactly that gap).
 */
export function memoryLive(): { live: LiveStore; beforeApply: (() => Promise<void>)[] } {
  const shadows = new Map<string, Shadow>();
  const values = new Map<string, MemoryLiveValue>();
  const beforeApply: (() => Promise<void>)[] = [];
  const keyOf = (tenant: string, recordType: string, id: string) => JSON.stringify([tenant, recordType, id]);
  const add = (tenant: string, delta: GoalCredit, at: string) => {
    const key = JSON.stringify([tenant, delta.goalId]);
    const value = values.get(key) ?? { values: [0n, 0n, 0n], skipped: 0, updatedAt: at };
    value.values = value.values.map((v, k) => v + (delta.values[k] as bigint)) as [bigint, bigint, bigint];
    value.skipped += delta.skipped;
    value.updatedAt = at;
    values.set(key, value);
  };
  const live: LiveStore = {
    async shadow(tenant, recordType, id) {
      const shadow = shadows.get(keyOf(tenant, recordType, id));
      return shadow && structuredClone(shadow);
    },
    async values(tenant) {
      const entries = [...values].map(([key, value]) => [JSON.parse(key) as [string, string], value] as const);
      return new Map(entries.filter(([[t]]) => t === tenant).map(([[, goalId], value]) => [goalId, structuredClone(value)]));
    },
    async apply(tenant, change: LiveChange) {
      if (change.deltas.length > maxGoalsPerChange) throw new ChangeTooWideError(change.deltas.length);
      await beforeApply.shift()?.();
      const key = keyOf(tenant, change.recordType, change.id);
      if ((shadows.get(key)?.rev ?? null) !== change.expectedRev) return false;
      shadows.set(key, structuredClone(change.next));
      for (const delta of change.deltas) add(tenant, delta, change.at);
      return true;
    },
  };
  return { live, beforeApply };
}
