import type { RecordInput } from '../../../core/model/record-input.ts';
import type { CreditModel, GoalCredit } from '../../../core/rollup/record-credits.ts';
import type { RecordWindow } from '../rollups/ports.ts';

/** A record's image at one server revision; `record: null` once it is deleted. */
export interface RecordImage {
  readonly recordType: string;
  readonly id: string;
  readonly rev: number;
  readonly record: RecordInput | null;
}

/** The image of a record whose credit is in the live values (see DESIGN.md beside this file). */
export interface Shadow {
  readonly rev: number;
  readonly record: RecordInput | null;
}

/** One change to apply atomically: the shadow moves to `next` and every delta is added. */
export interface LiveChange {
  readonly recordType: string;
  readonly id: string;
  /** The shadow's revision the deltas were computed against; null when there was no shadow. */
  readonly expectedRev: number | null;
  readonly next: Shadow;
  readonly deltas: readonly GoalCredit[];
  /** When the values changed (the goals' `updatedAt`). */
  readonly at: string;
}

/** A goal's live values: actual, in progress, custom (scaled to its metric) and skipped records. */
export interface LiveValue {
  readonly values: readonly [bigint, bigint, bigint];
  readonly skipped: number;
  readonly updatedAt: string;
}

/**
 * A change touches at most this many goals: one DynamoDB transaction holds 100 items, of which one
 * is the shadow and one the check of the tenant's gate.
 */
export const maxGoalsPerChange = 98;

/** Shadows and goals one `apply` may write: a transaction's 100 items less the gate's check. */
export const maxWritesPerApply = maxGoalsPerChange + 1;

/** The key of a record in maps of shadows and images (its type and id). */
export const recordKey = (recordType: string, id: string): string => `${recordType}\u0000${id}`;

/** A change that touches more goals than one transaction can hold (see {@link maxGoalsPerChange}). */
export class ChangeTooWideError extends Error {
  constructor(goals: number) {
    super(`A record change touching ${goals} goals does not fit one transaction (at most ${maxGoalsPerChange})`);
    this.name = 'ChangeTooWideError';
  }
}

/** A run's write to the live values found that it no longer holds the tenant's lease: it writes nothing more. */
export class LiveLeaseLostError extends Error {
  constructor() {
    super('The run no longer holds the lease: it leaves the live values to the next run');
    this.name = 'LiveLeaseLostError';
  }
}

/**
 * The tenant's gate, read from its rollup lease item (DESIGN.md, "The gate"): the run holding the
 * lease (null when none, or when it expired before `nowMs`), how many changes wait in the inbox and
 * how many runs have let go so far.
 */
export interface Gate {
  readonly heldBy: string | null;
  readonly inboxCount: number;
  readonly generation: number;
}

/**
 * On what condition a change is applied: `free` — the consumer's, no unexpired run holds the lease
 * and the generation is still the one its model was loaded under; `held` — a run's, it still holds
 * the lease unexpired.
 */
export type Guard = FreeGuard | HeldGuard;
export interface FreeGuard {
  readonly free: { readonly nowMs: number; readonly generation: number };
}
export interface HeldGuard {
  readonly held: { readonly runId: string; readonly nowMs: number };
}

/** What became of an `apply`: done, the shadow was not at the expected revision, or the guard did not hold. */
export type ApplyResult = 'applied' | 'shadow-moved' | 'guard-failed';

/** A change waiting in the tenant's inbox while a run holds the lease: a deferred delivery. */
export interface InboxEntry {
  readonly image: RecordImage;
}

/** A tenant's live values and shadows, its gate and its inbox (DynamoDB: one transaction per change). */
export interface LiveStore {
  /** Every goal's live values that a change has touched (goals never touched are absent: zero). */
  values(tenant: string): Promise<Map<string, LiveValue>>;
  shadow(tenant: string, recordType: string, id: string): Promise<Shadow | undefined>;
  /** The shadows of these records (a consistent read), by {@link recordKey}; records without one are absent. */
  shadowsOf(tenant: string, records: readonly { recordType: string; id: string }[]): Promise<Map<string, Shadow>>;
  /**
   * Every shadow of a record type, or with a window only those whose image can fall in it (read as
   * the rollup's record reader reads records: by the image's latest and earliest dates).
   */
  shadows(tenant: string, recordType: string, window?: RecordWindow): Promise<Map<string, Shadow>>;
  /**
   * Applies changes of distinct records in one step: each shadow replaced and every delta added
   * (summed per goal), only if each shadow's revision is still its change's `expectedRev` (absent
   * when null) and the guard holds; nothing is written otherwise. The shadows and the distinct goals
   * together at most {@link maxWritesPerApply} (one change alone: {@link ChangeTooWideError} past that).
   */
  apply(tenant: string, changes: readonly LiveChange[], guard: Guard): Promise<ApplyResult>;
  /** Sets goals' values outright (a run's repair), only while the run holds the lease; false, and nothing written, otherwise. */
  repair(tenant: string, values: readonly GoalCredit[], at: string, guard: HeldGuard): Promise<boolean>;
  /**
   * A run's catch-up of many records at once, behind its lease: the summed deltas added to the goals
   * and the shadows moved, in transactions of at most 99 writes each (not one step: a run that dies
   * in between leaves drift that the next run's verification repairs). False, and stopped, without the lease.
   */
  catchUp(tenant: string, deltas: readonly GoalCredit[], shadows: readonly RecordImage[], at: string, guard: HeldGuard): Promise<boolean>;
  /** The gate as of `nowMs` (a consistent read). */
  gate(tenant: string, nowMs: number): Promise<Gate>;
  /**
   * Puts the image into the inbox and counts it, only while a run holds the lease unexpired at
   * `nowMs`: `diverted`, `duplicate` (that revision already waits there) or `not-held`.
   */
  divert(tenant: string, image: RecordImage, nowMs: number): Promise<'diverted' | 'duplicate' | 'not-held'>;
  /** What waits in the inbox, each record's revisions in order. */
  inbox(tenant: string): Promise<InboxEntry[]>;
  /** Removes applied entries from the inbox and from its count (entries already removed are skipped). */
  removeFromInbox(tenant: string, entries: readonly InboxEntry[]): Promise<void>;
}

/** The tenant's credit model (settings, org, metrics and goals prepared by core) and the gate generation it was loaded under. */
export interface LoadedModel {
  readonly model: CreditModel;
  readonly generation: number;
}

/** Loads the tenant's model (cached by the adapter); `fresh` skips the cache (the generation moved on). */
export type CreditModels = (tenant: string, options?: { fresh?: boolean }) => Promise<LoadedModel>;
