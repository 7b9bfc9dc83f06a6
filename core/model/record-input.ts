import { z } from 'zod';
import { parseDecimal } from '../values/decimal.ts';
import { boundedNumberSchema, decimalInputSchema, fieldNameSchema, idSchema, instantSchema } from './primitives.ts';

/** A record's own field: a string of up to 4096 characters, a number within ±10^15 that DynamoDB can store, a boolean or null. */
export const recordFieldValueSchema = z.union([z.string().max(4096), boundedNumberSchema, z.boolean(), z.null()]);
/** A value of a record's own field: string, number, boolean, decimal string or ISO instant (as a string), or null. */
export type FieldValue = z.infer<typeof recordFieldValueSchema>;

const hundredPercent = parseDecimal(100, 6);

/** The owners a record is split between (1–20, each once), in percent above 0 with at most 6 decimals, adding up to exactly 100. */
export const splitsSchema = z
  .array(
    z.strictObject({
      ownerId: idSchema,
      percent: decimalInputSchema.refine((p) => {
        try {
          const scaled = parseDecimal(p, 6);
          return scaled > 0n && scaled <= hundredPercent;
        } catch {
          return false;
        }
      }, 'A percent is above 0 and at most 100, with at most 6 decimals'),
    }),
  )
  .min(1)
  .max(20)
  .superRefine((splits, ctx) => {
    const owners = new Set(splits.map((s) => s.ownerId));
    if (owners.size !== splits.length) ctx.addIssue({ code: 'custom', message: 'Each split owner appears once' });
    try {
      const total = splits.reduce((sum, s) => sum + parseDecimal(s.percent, 6), 0n);
      if (total !== hundredPercent) ctx.addIssue({ code: 'custom', message: 'Split percents must add up to exactly 100' });
    } catch {
      // Each bad percent is already reported on its own entry.
    }
  });
/** One owner's share of a record, in percent (all shares of a record sum to 100). */
export type RecordSplit = z.infer<typeof splitsSchema>[number];

/** A CRM record (API.md, records) as the store holds it: its identity, owner, last change, splits and own fields. */
export const recordSchema = z.object({
  recordType: idSchema,
  id: idSchema,
  ownerId: idSchema,
  /** ISO-8601 instant of the last change; not used by the calculation. */
  updatedAt: instantSchema,
  /** Absent or null: the record is its owner's alone. */
  splits: splitsSchema.nullable().optional(),
  /** The record's own fields (everything but the reserved ones). */
  fields: z.record(fieldNameSchema, recordFieldValueSchema),
  /** The server revision the store gave the record's last write (set by the store, never by a caller; unused by the calculation). */
  rev: z.number().int().optional(),
});
export type RecordInput = z.infer<typeof recordSchema>;

/**
 * A record as it is stored, taken as it is: the reserved attributes picked out, nothing checked.
 * The rollup and the live path read records this way — core checks each record itself and skips a
 * bad one alone (bad splits, a missing owner), so one record written around the API never stops
 * the rest of its tenant, as a strict parse would.
 */
export function storedRecord(item: Readonly<Record<string, unknown>>): RecordInput {
  const text = (value: unknown) => (typeof value === 'string' ? value : String(value ?? ''));
  return {
    recordType: text(item.recordType),
    id: text(item.id),
    ownerId: text(item.ownerId),
    updatedAt: text(item.updatedAt),
    splits: (item.splits ?? null) as RecordInput['splits'],
    fields: (item.fields !== null && typeof item.fields === 'object' ? item.fields : {}) as RecordInput['fields'],
    ...(typeof item.rev === 'number' ? { rev: item.rev } : {}),
  };
}
