import { z } from 'zod';
import { isObjectPrototypeName, prototypeNameMessage } from '../../../core/queries/condition-schema.ts';
import { parseDecimal } from '../../../core/values/decimal.ts';
import { boundedNumberSchema, decimalInputSchema, fieldNameSchema, idSchema, instantSchema } from '../../../core/model/primitives.ts';

export const maxRecordFields = 100;
/** Names the contract reserves; every other field name, `type` included, is the record's own. */
export const reservedRecordFields = new Set(['ownerId', 'updatedAt', 'splits', 'recordType', 'id']);
/** In a single PUT the identity comes from the path, so only these are reserved. */
export const putReservedFields = new Set(['ownerId', 'updatedAt', 'splits']);

/** A record's own field: a string of up to 4096 characters, a number within ±10^15 that DynamoDB can store, a boolean or null. */
export const recordFieldValueSchema = z.union([z.string().max(4096), boundedNumberSchema, z.boolean(), z.null()]);
export type RecordFieldValue = z.infer<typeof recordFieldValueSchema>;

const hundredPercent = parseDecimal(100, 6);

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

const recordBodyShape = {
  ownerId: idSchema,
  updatedAt: instantSchema,
  splits: splitsSchema.nullable().optional(),
};

function checkFieldNames(value: Record<string, unknown>, ctx: z.RefinementCtx, reserved: ReadonlySet<string>): void {
  const own = Object.keys(value).filter((name) => !reserved.has(name));
  if (own.length > maxRecordFields) ctx.addIssue({ code: 'custom', message: `A record has at most ${maxRecordFields} fields` });
  for (const name of own) {
    const parsed = fieldNameSchema.safeParse(name);
    if (!parsed.success) ctx.addIssue({ code: 'custom', path: [name], message: parsed.error.issues[0]?.message ?? 'Not a field name' });
  }
}

/** zod's catchall skips an own `__proto__` key without a word: refuse such names before it runs. */
const refusingPrototypeNames = <T extends z.ZodType>(schema: T) =>
  z.preprocess((input, ctx) => {
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
      for (const key of Object.keys(input)) {
        if (isObjectPrototypeName(key)) ctx.addIssue({ code: 'custom', path: [key], message: prototypeNameMessage, input });
      }
    }
    return input;
  }, schema);

/** Field names are checked even when some field is invalid, so one answer lists every problem. */
const isPlainObject = (payload: { value: unknown }): boolean =>
  typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value);

/** PUT /records/{recordType}/{id}: `ownerId`, `updatedAt`, optional `splits`, then the record's own fields. */
export const recordBodySchema = refusingPrototypeNames(
  z
    .object(recordBodyShape)
    .catchall(recordFieldValueSchema)
    .superRefine((value, ctx) => checkFieldNames(value, ctx, putReservedFields), { when: isPlainObject }),
);

/** One entry of POST /records/batch: the PUT body plus `recordType` and `id`. */
export const batchRecordSchema = refusingPrototypeNames(
  z
    .object({ recordType: idSchema, id: idSchema, ...recordBodyShape })
    .catchall(recordFieldValueSchema)
    .superRefine((value, ctx) => checkFieldNames(value, ctx, reservedRecordFields), { when: isPlainObject }),
);

export const recordBatchSchema = z.strictObject({ records: z.array(z.unknown()).min(1).max(500) });

export const recordParamsSchema = z.strictObject({ recordType: idSchema, id: idSchema });

export interface StoredRecord {
  recordType: string;
  id: string;
  ownerId: string;
  updatedAt: string;
  splits: { ownerId: string; percent: string | number }[] | null;
  fields: Record<string, RecordFieldValue>;
}

export const recordResponseSchema = z
  .object({ recordType: idSchema, id: idSchema, ownerId: idSchema, updatedAt: z.string(), applied: z.boolean().optional() })
  .catchall(recordFieldValueSchema);
