import { SKIPPED_LIST_LIMIT } from '../../../core/model/skipped-record.ts';
import type { AppPorts, Ids } from '../../../functions/use-cases/ports.ts';
import type { RecordImage } from '../../../functions/use-cases/live/ports.ts';
import { manualClock, type ManualClock } from '../manual-clock.ts';
import { memoryExchangeRates } from './exchange-rates.ts';
import { memoryGoals } from './goals.ts';
import { memoryMetrics } from './metrics.ts';
import { memoryRecords } from './records.ts';
import { memorySettings, memoryUnits, memoryUsers } from './org.ts';
import { memoryResults, memoryRuns } from './results.ts';
import { memoryLeases } from './gate.ts';
import { memoryLive } from './live.ts';
import { memorySkippedRecords } from './skipped-records.ts';

/**
 * A port with no in-memory implementation yet: any use of it fails the test, saying which, rather
 * than quietly doing nothing.
 */
function unavailable<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get(_target, property) {
      if (property === 'then') return undefined;
      throw new Error(`memoryPorts(): the ${name} port has no in-memory implementation yet (reading ${String(property)})`);
    },
  });
}

/** Ids in order of creation, readable in test output: id-0001, id-0002, … */
export function sequentialIds(prefix = 'id'): Ids {
  let next = 0;
  return { next: () => `${prefix}-${String(++next).padStart(4, '0')}` };
}

export type MemoryPorts = AppPorts & {
  readonly clock: ManualClock;
  /** The table's stream as the live path sees it: every applied record write's new image, in order (test/support/memory/records.ts). */
  readonly stream: { tenant: string; image: RecordImage }[];
};

/**
 * Every port in memory, for use-case tests without I/O: Map-backed stores with the DynamoDB
 * repositories' semantics (versions, conditions, not-found), a manual clock, sequential ids, and a
 * dispatcher and scheduler that record what they were asked. `overrides` replace single ports.
 */
export function memoryPorts(overrides: Partial<AppPorts> = {}): MemoryPorts {
  const dispatched: Parameters<AppPorts['dispatcher']>[0][] = [];
  const scheduled: { tenant: string; schedule: Parameters<AppPorts['scheduler']>[1] }[] = [];
  // The lease item is shared: the run store takes and lets go of it, the live store checks it.
  const leases = memoryLeases();
  const live = memoryLive(leases);
  const ports: AppPorts = {
    clock: manualClock(),
    ids: sequentialIds(),
    goals: memoryGoals(),
    metrics: memoryMetrics(),
    units: memoryUnits(),
    users: memoryUsers(),
    settings: memorySettings(),
    exchangeRates: memoryExchangeRates(),
    ...memoryRecords(),
    runs: memoryRuns(leases),
    live: live.live,
    results: memoryResults(leases, live),
    skipped: memorySkippedRecords(),
    dispatcher: async (event) => void dispatched.push(event),
    scheduler: async (tenant, schedule) => void scheduled.push({ tenant, schedule }),
    leaseMs: 120_000,
    skippedListLimit: SKIPPED_LIST_LIMIT,
    scheduledTenants: new Set(),
    ...overrides,
  };
  return ports as MemoryPorts;
}
