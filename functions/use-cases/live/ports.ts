import type { RecordInput } from '../../../core/model/record-input.ts';
import type { CreditModel, GoalCredit } from '../../../core/rollup/record-credits.ts';

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

/** A change touches at most this many goals (one DynamoDB transaction holds 100 items, one is the shadow). */
export const maxGoalsPerChange = 99;

/** A change that touches more goals than one transaction can hold (see {@link maxGoalsPerChange}). */
export class ChangeTooWideError extends Error {
  constructor(goals: number) {
    super(`A record change touching ${goals} goals does not fit one transaction (at most ${maxGoalsPerChange})`);
    this.name = 'ChangeTooWideError';
  }
}

/** A tenant's live values and shadows (DynamoDB: one transaction per change). */
export interface LiveStore {
  /** Every goal's live values that a change has touched (goals never touched are absent: zero). */
  values(tenant: string): Promise<Map<string, LiveValue>>;
  shadow(tenant: string, recordType: string, id: string): Promise<Shadow | undefined>;
  /**
   * Replaces the shadow and adds the deltas in one step, only if the shadow's revision is still
   * `expectedRev` (absent when null); false, and nothing written, when it is not. At most
   * {@link maxGoalsPerChange} deltas.
   */
  apply(tenant: string, change: LiveChange): Promise<boolean>;
}

/** The tenant's credit model: its settings, org, metrics and goals prepared by core (cached by the adapter). */
export type CreditModels = (tenant: string) => Promise<CreditModel>;
