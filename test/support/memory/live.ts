import { sumCredits, type GoalCredit } from '../../../core/rollup/record-credits.ts';
import { ChangeTooWideError, maxGoalsPerChange, maxWritesPerApply, recordKey, type Guard, type InboxEntry, type LiveChange, type LiveStore, type Shadow } from '../../../functions/use-cases/live/ports.ts';
import { heldAt, leaseOf, memoryLeases, type MemoryLeases } from './gate.ts';
import { recordDateSpan } from '../../../core/model/record-dates.ts';

export interface MemoryLive {
  live: LiveStore;
  beforeApply: (() => Promise<void>)[];
  leases: MemoryLeases;
  drop(tenant: string, goalIds: readonly string[]): void;
  /** Sets a goal's live values outright (the result store's `publish` writes the same item in DynamoDB). */
  put(tenant: string, goalId: string, value: MemoryLiveValue): void;
}

/** A goal's live values in memory: actual, in progress, custom (scaled) and skipped records. */
export interface MemoryLiveValue {
  values: [bigint, bigint, bigint];
  skipped: number;
  updatedAt: string;
}

/**
 * Live values, shadows, the gate and the inbox in memory, with the DynamoDB store's one-transaction
 * semantics: `apply` checks the guard against the tenant's lease (shared with the memory run store
 * through `leases`) and the shadow's revision and, only if both hold, moves the shadow and adds every
 * delta. `beforeApply` runs between a caller's shadow read and its write (a test's way to race a
 * second delivery, or a run taking the lease, into exactly that gap).
 */
export function memoryLive(leases: MemoryLeases = memoryLeases()): MemoryLive {
  const shadows = new Map<string, Shadow>();
  const values = new Map<string, MemoryLiveValue>();
  const inboxes = new Map<string, Map<string, InboxEntry>>();
  const beforeApply: (() => Promise<void>)[] = [];
  const keyOf = (tenant: string, recordType: string, id: string) => JSON.stringify([tenant, recordType, id]);
  const inboxOf = (tenant: string) => inboxes.get(tenant) ?? inboxes.set(tenant, new Map()).get(tenant)!;
  const inboxKey = ({ image }: InboxEntry) => JSON.stringify([image.recordType, image.id, image.rev]);
  const holds = (tenant: string, guard: Guard) => {
    const lease = leaseOf(leases, tenant);
    if ('held' in guard) return heldAt(lease, guard.held.nowMs) && lease.runId === guard.held.runId;
    return !heldAt(lease, guard.free.nowMs) && lease.generation === guard.free.generation;
  };
  const set = (tenant: string, goalId: string, value: MemoryLiveValue) => values.set(JSON.stringify([tenant, goalId]), value);
  const add = (tenant: string, delta: GoalCredit, at: string) => {
    const value = values.get(JSON.stringify([tenant, delta.goalId])) ?? { values: [0n, 0n, 0n], skipped: 0, updatedAt: at };
    set(tenant, delta.goalId, { values: value.values.map((v, k) => v + (delta.values[k] as bigint)) as [bigint, bigint, bigint], skipped: value.skipped + delta.skipped, updatedAt: at });
  };
  const live: LiveStore = {
    async shadow(tenant, recordType, id) {
      const shadow = shadows.get(keyOf(tenant, recordType, id));
      return shadow && structuredClone(shadow);
    },
    async shadows(tenant, recordType, window) {
      const found = [...shadows].map(([key, shadow]) => [JSON.parse(key) as [string, string, string], shadow] as const);
      // By the image's latest and earliest dates, as the DynamoDB store's filter.
      const inWindow = (shadow: Shadow) => {
        if (!window) return true;
        const span = shadow.record ? recordDateSpan(shadow.record.fields) : null;
        return span !== null && span.latestMs >= window.startMs && span.earliestMs < window.endMs;
      };
      return new Map(found.filter(([[t, type], shadow]) => t === tenant && type === recordType && inWindow(shadow)).map(([[, , id], shadow]) => [id, structuredClone(shadow)]));
    },
    async values(tenant) {
      const entries = [...values].map(([key, value]) => [JSON.parse(key) as [string, string], value] as const);
      return new Map(entries.filter(([[t]]) => t === tenant).map(([[, goalId], value]) => [goalId, structuredClone(value)]));
    },
    async shadowsOf(tenant, records) {
      const found = records.map(({ recordType, id }) => [recordKey(recordType, id), shadows.get(keyOf(tenant, recordType, id))] as const);
      return new Map(found.filter(([, shadow]) => shadow !== undefined).map(([key, shadow]) => [key, structuredClone(shadow!)]));
    },
    async apply(tenant, changes: readonly LiveChange[], guard) {
      const deltas = sumCredits(changes.flatMap((change) => change.deltas));
      const [only] = changes;
      if (changes.length === 1 && only!.deltas.length > maxGoalsPerChange) throw new ChangeTooWideError(only!.deltas.length);
      if (changes.length + deltas.length > maxWritesPerApply) throw new RangeError(`${changes.length} shadows and ${deltas.length} goals do not fit one transaction`);
      if (new Set(changes.map((change) => keyOf(tenant, change.recordType, change.id))).size !== changes.length) throw new RangeError('one record twice in one apply');
      await beforeApply.shift()?.();
      if (!holds(tenant, guard)) return 'guard-failed';
      if (changes.some((change) => (shadows.get(keyOf(tenant, change.recordType, change.id))?.rev ?? null) !== change.expectedRev)) return 'shadow-moved';
      for (const change of changes) shadows.set(keyOf(tenant, change.recordType, change.id), structuredClone(change.next));
      const at = changes.reduce((latest, change) => (change.at > latest ? change.at : latest), '');
      for (const delta of deltas) add(tenant, delta, at);
      return 'applied';
    },
    async catchUp(tenant, deltas, moved, at, guard) {
      if (!holds(tenant, guard)) return false;
      for (const delta of deltas) add(tenant, delta, at);
      for (const image of moved) shadows.set(keyOf(tenant, image.recordType, image.id), { rev: image.rev, record: structuredClone(image.record) });
      return true;
    },
    async repair(tenant, repaired, at, guard) {
      if (!holds(tenant, guard)) return false;
      for (const value of repaired) set(tenant, value.goalId, { values: [...value.values], skipped: value.skipped, updatedAt: at });
      return true;
    },
    async gate(tenant, nowMs) {
      const lease = leaseOf(leases, tenant);
      return { heldBy: heldAt(lease, nowMs) ? (lease.runId as string) : null, inboxCount: lease.inboxCount, generation: lease.generation };
    },
    async divert(tenant, image, nowMs) {
      const lease = leaseOf(leases, tenant);
      if (!heldAt(lease, nowMs)) return 'not-held';
      const entry = { image: structuredClone(image) };
      if (inboxOf(tenant).has(inboxKey(entry))) return 'duplicate';
      inboxOf(tenant).set(inboxKey(entry), entry);
      lease.inboxCount += 1;
      return 'diverted';
    },
    inbox: async (tenant) =>
      [...inboxOf(tenant).values()]
        .sort((a, b) => (a.image.recordType + a.image.id < b.image.recordType + b.image.id ? -1 : a.image.recordType + a.image.id > b.image.recordType + b.image.id ? 1 : a.image.rev - b.image.rev))
        .map((entry) => structuredClone(entry)),
    async removeFromInbox(tenant, entries) {
      for (const entry of entries) if (inboxOf(tenant).delete(inboxKey(entry))) leaseOf(leases, tenant).inboxCount -= 1;
    },
  };
  /** Removes goals' live values (the result store's `remove` deletes the same items in DynamoDB). */
  const drop = (tenant: string, goalIds: readonly string[]) => goalIds.forEach((goalId) => values.delete(JSON.stringify([tenant, goalId])));
  const put = (tenant: string, goalId: string, value: MemoryLiveValue) => set(tenant, goalId, structuredClone(value));
  return { live, beforeApply, leases, drop, put };
}
