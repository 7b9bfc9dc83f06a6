import type { RecordInput } from '../../../core/model/record-input.ts';
import type { HistoryPoint } from '../../../core/model/goal-result.ts';
import type { GoalStanding } from '../../../core/rollup/progress-basis.ts';
import type { CurrentRun, RollupRun, RunStatus } from '../../../core/model/rollup-run.ts';
import type { SkippedRecord } from '../../../core/model/skipped-record.ts';
import type { Page } from '../ports.ts';
import type { ResultReader } from '../results/ports.ts';
import type { RollupEvent } from './rollup-event.ts';

/** Hands a rollup event to the worker without waiting for the run (a Lambda invoke; a process locally). */
export type RollupDispatcher = (event: RollupEvent) => Promise<void>;

export interface TenantSchedule {
  rollupSchedule: string;
  timezone: string;
}

/** Keeps a tenant's nightly rollup schedule in line with its settings (EventBridge Scheduler in AWS). */
export type TenantScheduler = (tenant: string, schedule: TenantSchedule) => Promise<void>;

/** What a definition change asks to be recomputed: the hierarchies of some goals, or all of the tenant's. */
export type RecomputeScope = { readonly goalIds: readonly string[] } | { readonly all: true };

/** Runs, the tenant's lease (one run at a time), scheduled-fire claims and the current-run pointer. */
export interface RunStore {
  getRun(tenant: string, runId: string): Promise<RollupRun | undefined>;
  listRuns(tenant: string, limit: number, cursor?: string): Promise<Page<RollupRun>>;
  getCurrent(tenant: string): Promise<CurrentRun | undefined>;
  /** Takes the tenant's lease for `runId` unless another run holds one that has not expired. */
  acquireLease(tenant: string, runId: string, nowMs: number, durationMs: number): Promise<boolean>;
  getLease(tenant: string): Promise<{ runId: string; expiresAt: number } | undefined>;
  /** Extends the lease while the run works; false when the run no longer holds it. */
  renewLease(tenant: string, runId: string, nowMs: number, durationMs: number): Promise<boolean>;
  /**
   * Lets go of the lease and raises the gate's generation, only while `runId` holds it, no run is
   * queued behind it and the live path's inbox is empty (functions/use-cases/live/DESIGN.md, "The
   * gate"); false otherwise.
   */
  releaseLease(tenant: string, runId: string): Promise<boolean>;
  /**
   * While `holder` (a recomputation) holds the lease unexpired: queues run `runId` to take the lease
   * over when the holder is done. Answers the run queued — this one, or one queued before it — or
   * undefined when `holder` no longer holds the lease.
   */
  queueBehind(tenant: string, holder: string, runId: string, nowMs: number): Promise<string | undefined>;
  /** Hands the lease from `holder` to the run queued behind it (raising the gate's generation): that run's id, or undefined when none is queued. */
  handOver(tenant: string, holder: string, nowMs: number, durationMs: number): Promise<string | undefined>;
  /** Asks for a recomputation of the hierarchies of `scope` (merged with what is already asked for). */
  requestRecompute(tenant: string, scope: RecomputeScope, nowMs: number): Promise<void>;
  /** Takes what is asked for, in one step (a later request is the next one's); undefined when nothing is. */
  takeRecompute(tenant: string): Promise<RecomputeScope | undefined>;
  /** Whether a recomputation is asked for (a consistent read). */
  recomputePending(tenant: string): Promise<boolean>;
  /** Claims a scheduled fire time; false when an earlier delivery of the same event claimed it. */
  claimScheduledFire(tenant: string, scheduledTime: string, nowMs: number): Promise<boolean>;
  putRun(tenant: string, run: RollupRun): Promise<void>;
  /** Moves a run from one status to the next; false if it was not in `from` any more. */
  updateRun(tenant: string, runId: string, from: readonly RunStatus[], changes: Partial<RollupRun>): Promise<boolean>;
  /** Makes `next` current only if the current run is still `previousRunId` (null: none yet). */
  switchCurrent(tenant: string, next: CurrentRun, previousRunId: string | null): Promise<boolean>;
}

/** The records a full run skipped, kept under the run (GET /rollups/{runId}/skipped). */
export interface SkippedRecordStore {
  /** Stores a run's skipped records; they expire with the run's record. */
  put(tenant: string, run: Pick<RollupRun, 'runId' | 'queuedAt'>, records: readonly SkippedRecord[]): Promise<void>;
  /** A page of a run's skipped records, by record type and id (`cursor`: where the last page ended); none for an unknown run. */
  list(tenant: string, runId: string, limit: number, cursor?: string): Promise<Page<SkippedRecord>>;
}

/**
 * The goals' standings as runs write them, and history points. A run publishes the standings of the
 * goals it computed — basis and live values, the values as its verification left them — only while
 * it holds the tenant's lease (nothing else writes live values then).
 */
export interface ResultStore extends ResultReader {
  /**
   * Every goal with an item on the read side: its standing's runId when it has a standing, null for
   * live values alone (a change credited it before any run computed it).
   */
  published(tenant: string): Promise<Map<string, { runId: string | null } | null>>;
  /**
   * Writes each standing whole, only while `runId` holds the lease unexpired at `now()` (read for each write). Returns the
   * goals whose item DynamoDB refused (they fail alone); throws LiveLeaseLostError without the lease.
   */
  publish(tenant: string, standings: readonly GoalStanding[], lease: RunLease): Promise<string[]>;
  /** Removes the items of goals that no longer exist, under the same lease. */
  remove(tenant: string, goalIds: readonly string[], lease: RunLease): Promise<void>;
  /** One point per goal and local day; returns the goals whose point was refused. */
  writeHistory(tenant: string, points: readonly HistoryPoint[], nowMs: number): Promise<string[]>;
}

/** The run that holds the tenant's lease, and its clock: each write checks the lease at the moment it is made. */
export interface RunLease {
  readonly runId: string;
  now(): number;
}

/** Epoch-ms bounds of the instants a rollup can use: [startMs, endMs). */
export interface RecordWindow {
  startMs: number;
  endMs: number;
}

export interface ReadOptions {
  /** Only records with a date inside the window (omitted: every record of the type). */
  window?: RecordWindow | undefined;
  /** Called after every request to the store (for counting calls). */
  onRequest?: (() => void) | undefined;
}

/** Reads one record type page by page, handing each page over as it arrives; returns the count read. */
export type RecordPages = (tenant: string, recordType: string, onPage: (records: RecordInput[]) => void, options?: ReadOptions) => Promise<number>;
