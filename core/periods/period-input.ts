import { InvalidDateError, isValidLocalDate, resolvePeriod, type CalendarSettings, type DateRange, type Granularity } from './resolve-period.ts';

/** A goal period as API.md accepts it: explicit dates, or a granularity around an anchor date. */
export type PeriodInput = DateRange | { granularity: Granularity; anchor: string };

/**
 * Resolves a period input to inclusive local dates, checking that explicit dates are real dates
 * and that `start` is not after `end`.
 *
 * @throws InvalidDateError
 */
export function resolvePeriodInput(input: PeriodInput, settings: CalendarSettings): DateRange {
  if ('granularity' in input) return resolvePeriod(input.granularity, input.anchor, settings);
  for (const date of [input.start, input.end]) {
    if (!isValidLocalDate(date)) throw new InvalidDateError(`"${date}" is not a valid YYYY-MM-DD date`);
  }
  if (input.start > input.end) throw new InvalidDateError(`period starts (${input.start}) after it ends (${input.end})`);
  return { start: input.start, end: input.end };
}
