import type { FieldValue } from '../model/record-input.ts';
import { recordInstant } from '../values/instant.ts';
import type { LocalDayCache } from '../periods/period-instants.ts';
import type { Comparison, Condition, ConditionScalar } from './condition.ts';
import { approximateDecimal, clearlyOrdered, compareDecimals, normalizeDecimal, type NormalizedDecimal } from './exact-compare.ts';

/** A compiled condition: true when a record's fields match. */
export type RecordPredicate = (fields: Readonly<Record<string, FieldValue | undefined>>) => boolean;

/** How one condition value compares: prepared once, used for every record. */
interface Operand {
  raw: ConditionScalar;
  decimal: NormalizedDecimal | null;
  approximate: number;
  instant: number;
}

const DATE_LIKE = /^\d{4}-\d{2}-\d{2}(?:[Tt ].+)?$/;

function prepare(raw: ConditionScalar, days: LocalDayCache): Operand {
  const decimal = typeof raw === 'number' || typeof raw === 'string' ? normalizeDecimal(raw) : null;
  const instant = typeof raw === 'string' && DATE_LIKE.test(raw) ? recordInstant(raw, days) : Number.NaN;
  return { raw, decimal, approximate: decimal ? approximateDecimal(raw) : Number.NaN, instant };
}

/**
 * Three-way comparison of a record value with an operand, or `null` when they are of kinds that
 * do not compare: numbers and decimal strings compare exactly as decimals, instants and dates as
 * instants (dates at local midnight), other strings by code points.
 */
function compareWith(value: FieldValue | undefined, operand: Operand, days: LocalDayCache): number | null {
  if (value === undefined || value === null || typeof value === 'boolean') return null;
  if (operand.decimal) {
    const approximate = approximateDecimal(value);
    if (Number.isNaN(approximate)) return null;
    const order = clearlyOrdered(approximate, operand.approximate);
    if (order !== 0) return order;
    const decimal = typeof value === 'number' || typeof value === 'string' ? normalizeDecimal(value) : null;
    return decimal ? compareDecimals(decimal, operand.decimal) : null;
  }
  if (!Number.isNaN(operand.instant)) {
    const instant = recordInstant(value, days);
    return Number.isNaN(instant) ? null : instant - operand.instant;
  }
  if (typeof operand.raw !== 'string' || typeof value !== 'string') return null;
  return value === operand.raw ? 0 : value < operand.raw ? -1 : 1;
}

function equals(value: FieldValue | undefined, operand: Operand, days: LocalDayCache): boolean {
  const raw = operand.raw;
  if (value === raw) return true;
  if (raw === null) return value === null || value === undefined;
  if (value === null || value === undefined) return false;
  if (typeof raw === 'boolean') return value === String(raw);
  if (typeof value === 'boolean') return raw === String(value);
  if (operand.decimal || !Number.isNaN(operand.instant)) return compareWith(value, operand, days) === 0;
  return typeof value === 'number' && String(value) === raw;
}

function asList(value: Comparison['value']): readonly ConditionScalar[] {
  return Array.isArray(value) ? value : [asScalar(value)];
}

function asScalar(value: Comparison['value']): ConditionScalar {
  return value === undefined || Array.isArray(value) ? null : (value as ConditionScalar);
}

function compileComparison(comparison: Comparison, days: LocalDayCache): RecordPredicate {
  const { field, op } = comparison;
  const value = comparison.value;
  if (op === 'exists') {
    const wanted = value !== false;
    return (fields) => (fields[field] !== undefined && fields[field] !== null) === wanted;
  }
  if (op === 'contains') {
    const needle = String(value ?? '');
    return (fields) => {
      const actual = fields[field];
      return typeof actual === 'string' && actual.includes(needle);
    };
  }
  if (op === 'in' || op === 'nin') {
    const operands = asList(value).map((v) => prepare(v, days));
    const plainStrings = new Set(operands.filter((o) => typeof o.raw === 'string' && !o.decimal && Number.isNaN(o.instant)).map((o) => o.raw));
    const others = operands.filter((o) => !plainStrings.has(o.raw));
    const matches = (actual: FieldValue | undefined) =>
      (typeof actual === 'string' && plainStrings.has(actual)) || others.some((o) => equals(actual, o, days));
    return op === 'in' ? (fields) => matches(fields[field]) : (fields) => !matches(fields[field]);
  }
  const operand = prepare(asScalar(value), days);
  if (op === 'eq' || op === 'ne') {
    const isPlainString = typeof operand.raw === 'string' && !operand.decimal && Number.isNaN(operand.instant);
    if (isPlainString) {
      const raw = operand.raw;
      // Most conditions compare a string field with a string: decide that without the general path.
      const isEqual = (actual: FieldValue | undefined): boolean => actual === raw || (typeof actual !== 'string' && equals(actual, operand, days));
      return op === 'eq' ? (fields) => isEqual(fields[field]) : (fields) => !isEqual(fields[field]);
    }
    return op === 'eq' ? (fields) => equals(fields[field], operand, days) : (fields) => !equals(fields[field], operand, days);
  }
  const test: (c: number) => boolean =
    op === 'gt' ? (c) => c > 0 : op === 'gte' ? (c) => c >= 0 : op === 'lt' ? (c) => c < 0 : (c) => c <= 0;
  return (fields) => {
    const c = compareWith(fields[field], operand, days);
    return c !== null && test(c);
  };
}

/**
 * Compiles a condition tree into a predicate over a record's fields. Missing fields match only
 * `ne`, `nin`, `exists: false` and `eq null`. Dates in the condition (`"2026-01-01"`) are local
 * midnight in the tenant's zone, given by `days`.
 *
 * @example compileCondition({ field: 'status', op: 'eq', value: 'won' }, days)({ status: 'won' }) // true
 */
export function compileCondition(condition: Condition, days: LocalDayCache): RecordPredicate {
  if ('all' in condition) {
    const parts = condition.all.map((c) => compileCondition(c, days));
    if (parts.length === 1) return parts[0] as RecordPredicate;
    return (fields) => {
      for (const part of parts) if (!part(fields)) return false;
      return true;
    };
  }
  if ('any' in condition) {
    const parts = condition.any.map((c) => compileCondition(c, days));
    return (fields) => {
      for (const part of parts) if (part(fields)) return true;
      return false;
    };
  }
  if ('not' in condition) {
    const inner = compileCondition(condition.not, days);
    return (fields) => !inner(fields);
  }
  return compileComparison(condition, days);
}
