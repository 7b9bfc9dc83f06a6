import { z } from 'zod';
import { isValidLocalDate } from '../periods/resolve-period.ts';
import { isObjectPrototypeName, prototypeNameMessage } from '../queries/condition-schema.ts';
import { isCurrencyCode } from '../values/decimal.ts';
import { parseIsoInstant } from '../values/instant.ts';
import { storableNumber } from '../values/storable-number.ts';

/** Ids (of tenants, users, units, goals, metrics, record types and records): 1–128 chars of `[A-Za-z0-9._:-]`. */
export const idPattern = /^[A-Za-z0-9._:-]{1,128}$/;
export const idSchema = z.string().regex(idPattern, 'Ids are 1–128 characters of A-Z a-z 0-9 . _ : -');

/** The roles of API.md's JWT claims. */
export const roles = ['admin', 'manager', 'member', 'integration'] as const;
export type Role = (typeof roles)[number];

/** A record field name (also used for metric date/value fields); never an Object.prototype member. */
export const fieldNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, 'Field names are 1–64 characters: a letter or _ then letters, digits, _ . -')
  .refine((name) => !isObjectPrototypeName(name), prototypeNameMessage);

export const nameSchema = z.string().trim().min(1).max(200);

/** An ISO 4217 currency code that core knows the minor units of. */
export const currencySchema = z.string().length(3, { abort: true }).refine(isCurrencyCode, 'Expected an ISO 4217 currency code such as "EUR"');

/**
 * The calendar dates the API takes: wide enough for any business period, narrow enough that a
 * period's end plus a day, in any time zone, is still a date luxon and the pace arithmetic handle.
 */
export const localDateRange = { min: '1900-01-01', max: '2999-12-31' } as const;

/** A local calendar date `YYYY-MM-DD` that exists, from 1900 to 2999 (core's calendar check, a fraction of luxon's cost per item read). */
export const localDateSchema = z
  .string()
  .max(10, { abort: true })
  .refine(
    (s) => s >= localDateRange.min && s <= localDateRange.max && isValidLocalDate(s),
    `Expected a calendar date YYYY-MM-DD from ${localDateRange.min} to ${localDateRange.max}`,
  );

/**
 * An ISO-8601 instant with an offset (or Z) that exists: year 0001–9999, hour 00–23 (no `24:00`),
 * offset within ±18:00. The rollup reads it with core's {@link parseIsoInstant}, the store with luxon:
 * both must accept it. Every string of this shape that parseIsoInstant reads, luxon reads as valid,
 * to the same millisecond (test/fuzz/instant-parsers.test.ts), so luxon, ten times the cost per
 * record of a batch, is not asked again.
 */
export const instantSchema = z
  .string()
  .max(40, { abort: true })
  .refine(
    (s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(s) && !Number.isNaN(parseIsoInstant(s)),
    'Expected an ISO-8601 instant with offset, e.g. 2026-03-31T23:30:00+02:00 (year 0001–9999, hour 00–23, offset within ±18:00)',
  );

/**
 * The magnitude bound of a JSON number input (values, weights, record fields): beyond 10^15 a
 * binary double no longer holds every cent, so larger values must come as decimal strings.
 */
export const maxJsonNumber = 1e15;

/** A JSON number within ±10^15 that DynamoDB can store (0 or at least 1e-130 in magnitude). */
export const boundedNumberSchema = storableNumber(-maxJsonNumber, maxJsonNumber);

/** A decimal string as the contract writes values: up to 24 integer and 12 fraction digits (what parseDecimal accepts). */
export const decimalStringSchema = z.string().max(38, { abort: true }).regex(/^-?\d{1,24}(\.\d{1,12})?$/, 'Expected a decimal such as "400000.00"');

/**
 * A decimal value as the contract accepts it: a decimal string or a JSON number within ±10^15;
 * scale is checked later.
 */
export const decimalInputSchema = z.union([decimalStringSchema, boundedNumberSchema]);

/** A non-negative decimal input (weights). */
export const nonNegativeDecimalInputSchema = z.union([
  z.string().max(37, { abort: true }).regex(/^\d{1,24}(\.\d{1,12})?$/, 'Expected a non-negative decimal such as "2.5"'),
  storableNumber(0, maxJsonNumber),
]);

/** A version of a stored entity: 1 for the first write, raised by one with each change. */
export const versionSchema = z.number().int();
