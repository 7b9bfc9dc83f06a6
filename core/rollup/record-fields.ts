import type { FieldValue } from '../model/record-input.ts';

/**
 * Whether a record's date field holds no date at all (absent, null or empty): the record is in no
 * period of a metric dated by that field — it does not match, and it is not skipped either.
 */
export function isDateMissing(value: FieldValue | undefined): boolean {
  return value === undefined || value === null || value === '';
}

/** Whether a record has no `currency`: a money metric counts it in the tenant's default currency. */
export function lacksCurrency(fields: Readonly<Record<string, FieldValue | undefined>>): boolean {
  const currency = fields['currency'];
  return currency === undefined || currency === null;
}
