import type { GoalOwner } from '../model/goal.ts';
import { formatDecimal, parseDecimal, tryParseDecimal } from '../values/decimal.ts';
import { distribute, exactWeights } from '../values/distribute.ts';

/** How a parent's target is divided among its assignees (API.md, `POST /goals/{id}/cascade`). */
export type CascadeMethod = 'equal' | 'weighted' | 'manual';

/** One child goal to create: for whom, with which weight (weighted) or target (manual). */
export interface CascadeAssignee {
  owner: GoalOwner;
  weight?: number | string | null;
  target?: number | string | null;
}

/** Thrown when a cascade request cannot be carried out as asked (a 400 for the API). */
export class CascadeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CascadeError';
  }
}

/** What `cascadeTargets` divides, and how. */
export interface CascadeInput {
  /** The parent goal's target, an exact decimal at `scale`. */
  parentTarget: string | number;
  /** Decimal places of the metric's values (see `scaleFor`). */
  scale: number;
  method: CascadeMethod;
  assignees: readonly CascadeAssignee[];
  /**
   * For `weightsFrom: "previous-period"`: each assignee's actual in the previous period, in the
   * order of `assignees` (see `previousPeriodActuals`). Replaces the assignees' weights;
   * negative actuals weigh 0, and when all are 0 the target is divided equally.
   */
  previousActuals?: readonly bigint[] | null;
}

/** One target per assignee, in the order of the assignees. */
export interface CascadeResult {
  children: { owner: GoalOwner; target: string }[];
  /** `true` when weights from the previous period were all 0 and the division fell back to equal. */
  fellBackToEqual: boolean;
}

/**
 * Divides a parent goal's target among assignees. `equal` and `weighted` parts add up exactly to
 * the parent's target (largest remainder, in the value's smallest unit); `manual` takes each
 * assignee's own target as given (the parent then shows a children-target mismatch if they differ).
 *
 * @example
 * cascadeTargets({ parentTarget: '100.00', scale: 2, method: 'equal', assignees: [a, b, c] })
 * // children targets "33.34", "33.33", "33.33"
 * @throws CascadeError
 */
export function cascadeTargets(input: CascadeInput): CascadeResult {
  const { assignees, scale, method } = input;
  if (assignees.length === 0) throw new CascadeError('there must be at least one assignee');
  const owners = new Set(assignees.map((a) => `${a.owner.type}\u0000${a.owner.id}`));
  if (owners.size !== assignees.length) throw new CascadeError('each owner may appear only once among the assignees');
  const parentTarget = readTarget(input.parentTarget, scale, 'parent target');
  const result = (targets: bigint[], fellBackToEqual = false): CascadeResult => ({
    children: assignees.map((a, i) => ({ owner: a.owner, target: formatDecimal(targets[i] as bigint, scale) })),
    fellBackToEqual,
  });
  if (method === 'manual') {
    return result(assignees.map((a, i) => {
      if (a.target === undefined || a.target === null) throw new CascadeError(`assignee ${i} needs a target for a manual cascade`);
      return readTarget(a.target, scale, `assignee ${i} target`);
    }));
  }
  const equal = (): bigint[] => distribute(parentTarget, assignees.map(() => 1n));
  if (method === 'equal') return result(equal());
  if (input.previousActuals) {
    if (input.previousActuals.length !== assignees.length) throw new CascadeError('previous actuals must match the assignees');
    const weights = input.previousActuals.map((actual) => (actual > 0n ? actual : 0n));
    return weights.some((w) => w > 0n) ? result(distribute(parentTarget, weights)) : result(equal(), true);
  }
  const given = assignees.map((a, i) => {
    if (a.weight === undefined || a.weight === null) throw new CascadeError(`assignee ${i} needs a weight for a weighted cascade`);
    return a.weight;
  });
  let weights: bigint[];
  try {
    weights = exactWeights(given);
  } catch (cause) {
    throw new CascadeError((cause as Error).message, { cause });
  }
  if (!weights.some((w) => w > 0n)) throw new CascadeError('at least one weight must be above 0');
  return result(distribute(parentTarget, weights));
}

function readTarget(value: string | number, scale: number, what: string): bigint {
  const parsed = tryParseDecimal(value, scale);
  if (parsed !== null) return parsed;
  try {
    return parseDecimal(value, scale);
  } catch (cause) {
    throw new CascadeError(`${what}: ${(cause as Error).message}`, { cause });
  }
}
