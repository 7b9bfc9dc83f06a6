import type { RecordInput } from '../../../core/model/record-input.ts';
import type { GoalResult, HistoryPoint } from '../../../core/model/goal-result.ts';
import type { CurrentRun, RollupRun, RunStatus } from '../../../core/model/rollup-run.ts';
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
   * Lets go of the lease and raises the gate's generation, only while `runId` holds it and the live
   * path's inbox is empty (functions/use-cases/live/DESIGN.md, "The gate"); false otherwise.
   */
  releaseLease(tenant: string, runId: string): Promise<boolean>;
  /** Claims a scheduled fire time; false when an earlier delivery of the same event claimed it. */
  claimScheduledFire(tenant: string, scheduledTime: string, nowMs: number): Promise<boolean>;
  putRun(tenant: string, run: RollupRun): Promise<void>;
  /** Moves a run from one status to the next; false if it was not in `from` any more. */
  updateRun(tenant: string, runId: string, from: readonly RunStatus[], changes: Partial<RollupRun>): Promise<boolean>;
  /** Makes `next` current only if the current run is still `previousRunId` (null: none yet). */
  switchCurrent(tenant: string, next: CurrentRun, previousRunId: string | null): Promise<boolean>;
}

/** A run's results, stored under the run (visible once the run is made current), and history points. */
export interface ResultStore extends ResultReader {
  all(tenant: string, runId: string): Promise<GoalResult[]>;
  /** Stores results; returns the ids of the goals whose result was refused (they fail alone). */
  write(tenant: string, runId: string, results: readonly GoalResult[]): Promise<string[]>;
  deleteRun(tenant: string, runId: string): Promise<number>;
  /** One point per goal and local day; returns the goals whose point was refused. */
  writeHistory(tenant: string, points: readonly HistoryPoint[], nowMs: number): Promise<string[]>;
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
