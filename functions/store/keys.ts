import { idPattern } from '../../core/model/primitives.ts';

/**
 * Key builders and parsers for the single table. Keys are self-describing
 * (`t#demo`, `goal#01J…`) so the table reads well in the console, and every builder rejects
 * a malformed part instead of writing a key that could collide with another tenant's.
 */

export class MalformedKeyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MalformedKeyError';
  }
}

function part(value: string, what: string): string {
  if (!idPattern.test(value)) throw new MalformedKeyError(`Malformed ${what}: ${JSON.stringify(value)}`);
  return value;
}

export type Key = {
  pk: string;
  sk: string;
};

export const tenantPk = (tenant: string): string => `t#${part(tenant, 'tenant')}`;
export const settingsKey = (tenant: string): Key => ({ pk: tenantPk(tenant), sk: 'settings' });
/** Index partition listing every tenant that stored settings (its schedule, for the local scheduler). */
export const tenantRegistryPk = 'registry#tenants';
/** The table's one key for sealing list cursors (outside every tenant; see cursor-key.ts). */
export const cursorKeyItemKey: Key = { pk: 'secret#list-cursor', sk: 'aes-256-gcm' };

export const unitKey = (tenant: string, id: string): Key => ({ pk: tenantPk(tenant), sk: `unit#${part(id, 'unit id')}` });
export const unitParentIndexPk = (tenant: string, parentId: string | null): string =>
  `${tenantPk(tenant)}#unit-parent#${parentId === null ? '-' : part(parentId, 'unit id')}`;

/** A currency's exchange rates (`exchange-rates#USD`): one item a currency. */
export const exchangeRatesKey = (tenant: string, currency: string): Key => ({ pk: tenantPk(tenant), sk: `exchange-rates#${part(currency, 'currency')}` });

export const userKey = (tenant: string, id: string): Key => ({ pk: tenantPk(tenant), sk: `user#${part(id, 'user id')}` });
export const metricKey = (tenant: string, id: string): Key => ({
  pk: tenantPk(tenant),
  sk: `metric#${part(id, 'metric id')}`,
});

export const goalsPk = (tenant: string): string => `${tenantPk(tenant)}#goals`;
export const goalKey = (tenant: string, id: string): Key => ({ pk: goalsPk(tenant), sk: `goal#${part(id, 'goal id')}` });
/** The version of a tenant's goal hierarchy: raised by every change of an existing goal's parent. */
export const goalHierarchyKey = (tenant: string): Key => ({ pk: tenantPk(tenant), sk: 'goal-hierarchy' });
/** Goals by owner id (users and units); the owner type is checked by a filter where it matters. */
export const goalOwnerIndexPk = (tenant: string, ownerId: string): string =>
  `${tenantPk(tenant)}#goal-owner#${part(ownerId, 'owner id')}`;
export const goalParentIndexPk = (tenant: string, parentId: string): string =>
  `${tenantPk(tenant)}#goal-parent#${part(parentId, 'goal id')}`;
export const goalMetricIndexPk = (tenant: string, metricId: string): string =>
  `${tenantPk(tenant)}#goal-metric#${part(metricId, 'metric id')}`;

/** Records of one type are spread over this many partitions so a rollup can read them in parallel. */
export const recordShards = 16;

/** FNV-1a over the id: stable, cheap, and evenly spread for ULIDs and CRM ids alike. */
export function recordShard(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % recordShards;
}

export const recordPartition = (tenant: string, recordType: string, shard: number): string =>
  `${tenantPk(tenant)}#rec#${part(recordType, 'record type')}#${shard.toString().padStart(2, '0')}`;
export const recordKey = (tenant: string, recordType: string, id: string): Key => ({
  pk: recordPartition(tenant, recordType, recordShard(part(id, 'record id'))),
  sk: `rec#${id}`,
});

/** The tenant and record type of a record partition key (`t#acme#rec#deal#07`). */
export function parseRecordPartition(pk: string): { tenant: string; recordType: string } {
  const match = /^t#([^#]+)#rec#([^#]+)#\d{2}$/.exec(pk);
  if (!match) throw new MalformedKeyError(`Not a record partition: ${pk}`);
  return { tenant: part(match[1] as string, 'tenant'), recordType: part(match[2] as string, 'record type') };
}

/** The entity id behind a sort key such as `goal#g-1`. */
export function parseEntitySk(sk: string, prefix: 'unit' | 'user' | 'metric' | 'goal' | 'rec'): string {
  const head = `${prefix}#`;
  if (!sk.startsWith(head)) throw new MalformedKeyError(`Not a ${prefix} key: ${sk}`);
  return part(sk.slice(head.length), `${prefix} id`);
}

/** The image of a record whose credit is in the live values (functions/use-cases/live/DESIGN.md). */
export const shadowPk = (tenant: string, recordType: string): string => `${tenantPk(tenant)}#shadow#${part(recordType, 'record type')}`;
export const shadowKey = (tenant: string, recordType: string, id: string): Key => ({ pk: shadowPk(tenant, recordType), sk: `rec#${part(id, 'record id')}` });
/** Changes that wait while a run holds the tenant's lease: one item per record and revision, each record's in revision order. */
export const inboxPk = (tenant: string): string => `${tenantPk(tenant)}#inbox`;
export const inboxKey = (tenant: string, recordType: string, id: string, rev: number): Key => ({
  pk: inboxPk(tenant),
  sk: `${part(recordType, 'record type')}#${part(id, 'record id')}#${String(rev).padStart(16, '0')}`,
});
/** The live values of a tenant's goals: one item per goal a change has touched. */
export const livePk = (tenant: string): string => `${tenantPk(tenant)}#live`;
export const liveKey = (tenant: string, goalId: string): Key => ({ pk: livePk(tenant), sk: `goal#${part(goalId, 'goal id')}` });
/** The read side's indexes over the goals' standings: an owner's goals, a tree, a leaderboard. */
export const liveOwnerIndexPk = (tenant: string, ownerId: string): string => `${livePk(tenant)}#owner#${part(ownerId, 'owner id')}`;
export const liveTreeIndexPk = (tenant: string, rootGoalId: string): string => `${livePk(tenant)}#tree#${part(rootGoalId, 'goal id')}`;
export const liveLeaderboardIndexPk = (tenant: string, metricId: string, start: string, end: string): string =>
  `${livePk(tenant)}#board#${part(metricId, 'metric id')}#${start}#${end}`;

/** What definition changes ask to be recomputed, until a recomputation takes it. */
export const recomputeKey = (tenant: string): Key => ({ pk: tenantPk(tenant), sk: 'rollup#recompute' });
/** The tenant's rollup lease: one run at a time. */
export const leaseKey = (tenant: string): Key => ({ pk: tenantPk(tenant), sk: 'rollup#lease' });
/** The pointer to the run whose results readers see. */
export const currentRunKey = (tenant: string): Key => ({ pk: tenantPk(tenant), sk: 'rollup#current' });

export const runsPk = (tenant: string): string => `${tenantPk(tenant)}#runs`;
export const runKey = (tenant: string, runId: string): Key => ({ pk: runsPk(tenant), sk: `run#${part(runId, 'run id')}` });
/** The records a run skipped: a partition of the run's own, one item per record (`rec#deal#d-1`). */
export const skippedPk = (tenant: string, runId: string): string => `${runsPk(tenant)}#${part(runId, 'run id')}#skipped`;
export const skippedKey = (tenant: string, runId: string, recordType: string, id: string): Key => ({
  pk: skippedPk(tenant, runId),
  sk: `rec#${part(recordType, 'record type')}#${part(id, 'record id')}`,
});
/** Marks a scheduled fire time as taken, so a second delivery of the same event starts nothing. */
export const scheduleMarkerKey = (tenant: string, scheduledTime: string): Key => ({
  pk: runsPk(tenant),
  sk: `fired#${scheduledTime.replace(/[^0-9TZ:.+-]/g, '')}`,
});

/** One progress point per goal and local day. */
export const historyPk = (tenant: string, goalId: string): string => `${tenantPk(tenant)}#hist#${part(goalId, 'goal id')}`;

/** Records of a type ordered by their latest date (for reading only what a rollup window needs). */
export const recordDateSortKey = (latestMs: number, id: string): string =>
  `${recordDatePrefix(latestMs)}#${part(id, 'record id')}`;
/** The date part alone: a record whose latest date is at or after `ms` sorts at or after it. */
export const recordDatePrefix = (ms: number): string => String(Math.max(0, Math.trunc(ms))).padStart(15, '0');
