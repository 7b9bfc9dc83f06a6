import type { GoalStore } from './goals/ports.ts';
import type { MetricStore } from './metrics/ports.ts';
import type { RecordStore } from './records/ports.ts';
import type { UnitStore } from './units/ports.ts';
import type { UserStore } from './users/ports.ts';
import type { SettingsStore } from './settings/ports.ts';
import type { ExchangeRateStore } from './exchange-rates/ports.ts';
import type { LiveStore } from './live/ports.ts';
import type { RecordPages, ResultStore, RollupDispatcher, RunStore, SkippedRecordStore, TenantScheduler } from './rollups/ports.ts';

/**
 * Time as the use cases see it: `now()` in epoch milliseconds, and `every()` for what repeats while
 * a use case works (the rollup's lease heartbeat). Tests drive a manual clock instead of waiting.
 */
export interface Clock {
  now(): number;
  /** Calls `tick` every `intervalMs` until the returned function is called. */
  every(intervalMs: number, tick: () => void): () => void;
}

/**
 * One page of a list: the items and where the next page starts (`null` on the last page). The cursor
 * is the store's own position; the HTTP adapter seals it before it leaves the service.
 */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** New identifiers: sortable by creation time (ULIDs in production). */
export interface Ids {
  next(nowMs: number): string;
}

/**
 * Every port a use case may ask for, one field each. A use case takes the subset it needs
 * (`Pick<AppPorts, 'goals' | 'clock'>`); the composition root (functions/compose.ts) builds the
 * whole bundle for AWS and `npm start`, tests build their own.
 */
export interface AppPorts {
  readonly clock: Clock;
  readonly ids: Ids;
  readonly goals: GoalStore;
  readonly metrics: MetricStore;
  readonly units: UnitStore;
  readonly users: UserStore;
  readonly settings: SettingsStore;
  /** Each currency's dated rates into the tenant's default currency. */
  readonly exchangeRates: ExchangeRateStore;
  readonly records: RecordStore;
  /** A record type over a date window, page by page (the rollup's one pass). */
  readonly recordPages: RecordPages;
  readonly runs: RunStore;
  /** Live values, shadows, the gate and the inbox (the live path's store). */
  readonly live: LiveStore;
  readonly results: ResultStore;
  /** The records each full run skipped, with their reasons. */
  readonly skipped: SkippedRecordStore;
  /** Hands a rollup event to the worker without waiting for the run. */
  readonly dispatcher: RollupDispatcher;
  /** Keeps a tenant's nightly schedule in line with its settings. */
  readonly scheduler: TenantScheduler;
  /** How long a rollup's lease lasts; the run renews it every third of that. */
  readonly leaseMs: number;
  /** How many skipped records a full run keeps at most (SKIPPED_LIST_LIMIT; tests pass a few). */
  readonly skippedListLimit: number;
  /** Tenants this process already saw scheduled (one check per tenant and process, like a Lambda container). */
  readonly scheduledTenants: Set<string>;
}
