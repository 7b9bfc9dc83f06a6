import { DecimalFormatError, formatDecimal, parseDecimal, scaleFor } from '../../../core/values/decimal.ts';
import { RequestValidationError } from '../../shared/errors.ts';
import type { Metric } from '../../../core/model/metric.ts';

/** The scale (fraction digits) of a metric's values: its currency's minor unit, 0 or 6. */
export const metricScale = (metric: Pick<Metric, 'dataType' | 'currency'>): number => scaleFor(metric.dataType, metric.currency);

/**
 * A non-negative input value as the contract's exact decimal string at `scale`
 * ("400000" → "400000.00" for EUR); a value with more digits than the scale is a 400.
 */
export function normalizeValue(input: string | number, scale: number, path: string): string {
  try {
    const scaled = parseDecimal(input, scale);
    if (scaled < 0n) throw new DecimalFormatError('must not be negative');
    return formatDecimal(scaled, scale);
  } catch (error) {
    if (!(error instanceof DecimalFormatError)) throw error;
    throw new RequestValidationError(`${path} is not a valid value`, [{ path, message: error.message }], { cause: error });
  }
}
