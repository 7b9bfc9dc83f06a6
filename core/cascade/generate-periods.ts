import { subPeriods, type SubPeriodGranularity } from '../periods/sub-periods.ts';
import type { CalendarSettings, DateRange } from '../periods/resolve-period.ts';
import { formatDecimal, parseDecimal } from '../values/decimal.ts';
import { distribute, exactWeights } from '../values/distribute.ts';
import { CascadeError } from './cascade-targets.ts';

/** What `generatePeriods` divides: a goal's period and target. */
export interface GeneratePeriodsInput {
  /** The parent goal's period. */
  period: DateRange;
  granularity: SubPeriodGranularity;
  method: 'equal' | 'custom';
  /** For `custom`: one weight per sub-period, in order; they need not sum to 100. */
  weights?: readonly (number | string)[] | null;
  /** The parent goal's target, an exact decimal at `scale`. */
  target: string | number;
  scale: number;
  settings: CalendarSettings;
}

/**
 * Divides a goal's period into calendar weeks, months or quarters (clipped to the period) and its
 * target among them — equally or by custom weights — with parts that add up exactly to the
 * target (largest remainder in the value's smallest unit).
 *
 * @example
 * generatePeriods({ period: { start: '2026-01-01', end: '2026-03-31' }, granularity: 'month',
 *   method: 'equal', target: '100.00', scale: 2, settings })
 * // [{ period: Jan, target: '33.34' }, { period: Feb, target: '33.33' }, { period: Mar, target: '33.33' }]
 * @throws CascadeError
 */
export function generatePeriods(input: GeneratePeriodsInput): { period: DateRange; target: string }[] {
  let periods: DateRange[];
  try {
    periods = subPeriods(input.period, input.granularity, input.settings);
  } catch (cause) {
    throw new CascadeError(`period: ${(cause as Error).message}`, { cause });
  }
  let target: bigint;
  try {
    target = parseDecimal(input.target, input.scale);
  } catch (cause) {
    throw new CascadeError(`target: ${(cause as Error).message}`, { cause });
  }
  let weights: bigint[];
  if (input.method === 'custom') {
    const given = input.weights ?? [];
    if (given.length !== periods.length) {
      throw new CascadeError(`custom weights: expected ${periods.length} (one per ${input.granularity}), got ${given.length}`);
    }
    try {
      weights = exactWeights(given);
    } catch (cause) {
      throw new CascadeError((cause as Error).message, { cause });
    }
    if (!weights.some((w) => w > 0n)) throw new CascadeError('at least one weight must be above 0');
  } else {
    weights = periods.map(() => 1n);
  }
  const parts = distribute(target, weights);
  return periods.map((period, i) => ({ period, target: formatDecimal(parts[i] as bigint, input.scale) }));
}
