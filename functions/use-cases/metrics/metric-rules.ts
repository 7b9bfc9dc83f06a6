import type { ProblemDetail } from '../../shared/errors.ts';
import { RequestValidationError } from '../../shared/errors.ts';
import type { Metric } from '../../../core/model/metric.ts';

/**
 * The rules a whole metric must satisfy beyond its field types (API.md, Metrics), each problem's
 * path under `at` (where the metric sits in the request: `body`, or `body.metric` in a preview).
 */
export function metricProblems(metric: Omit<Metric, 'version'>, at = 'body'): ProblemDetail[] {
  const problems: ProblemDetail[] = [];
  if (metric.kind === 'count' && metric.dataType !== 'integer') {
    problems.push({ path: `${at}.dataType`, message: 'A count metric has the integer data type' });
  }
  if (metric.kind === 'amount' && !metric.valueField) {
    problems.push({ path: `${at}.valueField`, message: 'An amount metric names the record field it sums' });
  }
  if (metric.dataType === 'money' && !metric.currency) {
    problems.push({ path: `${at}.currency`, message: 'A money metric has a currency' });
  }
  if (metric.dataType !== 'money' && metric.currency) {
    problems.push({ path: `${at}.currency`, message: 'Only money metrics have a currency' });
  }
  if (metric.dataType === 'money' && !metric.currencyMode) {
    problems.push({ path: `${at}.currencyMode`, message: 'A money metric has a currency mode: "only" or "convert"' });
  }
  if (metric.dataType !== 'money' && metric.currencyMode) {
    problems.push({ path: `${at}.currencyMode`, message: 'Only money metrics have a currency mode' });
  }
  if (!metric.actual && !metric.inProgress && !metric.custom) {
    problems.push({ path: at, message: 'At least one of actual, inProgress and custom is required' });
  }
  return problems;
}

export function assertValidMetric(metric: Omit<Metric, 'version'>, at = 'body'): void {
  const problems = metricProblems(metric, at);
  if (problems.length > 0) throw new RequestValidationError('The metric is not valid', problems);
}
