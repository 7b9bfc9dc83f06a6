import { z } from 'zod';
import { isObjectPrototypeName, prototypeNameMessage } from '../../../core/queries/condition-schema.ts';
import { fieldNameSchema, idSchema } from '../../../core/model/primitives.ts';
import { recordFieldValueSchema, recordSchema } from '../../../core/model/record-input.ts';
import { recordWarningCodes } from '../../../core/rollup/record-warnings.ts';

export const maxRecordFields = 100;
/** Names the contract reserves; every other field name, `type` included, is the record's own. */
export const reservedRecordFields = new Set(['ownerId', 'updatedAt', 'splits', 'recordType', 'id']);
/** In a single PUT the identity comes from the path, so only these are reserved. */
export const putReservedFields = new Set(['ownerId', 'updatedAt', 'splits']);

const recordBodyShape = {
  ownerId: recordSchema.shape.ownerId,
  updatedAt: recordSchema.shape.updatedAt,
  splits: recordSchema.shape.splits,
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

export const recordResponseSchema = z
  .object({ recordType: idSchema, id: idSchema, ownerId: idSchema, updatedAt: z.string(), applied: z.boolean().optional() })
  .catchall(recordFieldValueSchema);

/** Why a stored record may not count the way a metric of its type would count it. */
export const recordWarningSchema = z.object({
  code: z.enum(recordWarningCodes).describe(
    'unknown_owner: the owner or a split owner is no user; bad_date: a metric\'s date field is missing or not an instant; ' +
      'bad_value: a metric\'s value field is not a number or decimal; currency_missing: a money metric\'s record without currency counts as the tenant\'s defaultCurrency',
  ),
  message: z.string(),
  field: z.string().optional().describe('The record field concerned (`ownerId` or `splits` for unknown_owner)'),
  metricId: idSchema.optional().describe('The metric that would count the record otherwise'),
});

/** Present only on an applied write with at least one warning; the record is stored all the same. */
export const recordWarningsSchema = z
  .array(recordWarningSchema)
  .min(1)
  .optional()
  .describe('Only on an applied write that may not count the way the metrics of its type would count it; the record is stored anyway');

/** What a PUT answers: the record as stored, `applied`, and its warnings, if any. */
export const recordWriteResponseSchema = recordResponseSchema.extend({ warnings: recordWarningsSchema });
