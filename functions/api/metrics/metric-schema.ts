import { z } from 'zod';
import { conditionSchema } from '../../../core/queries/condition-schema.ts';
import { currencySchema, fieldNameSchema, idSchema, nameSchema } from '../../../core/model/primitives.ts';
import { metricTemplateIds } from './templates.ts';

export const rollupQuerySchema = z.strictObject({
  where: conditionSchema.nullable().optional(),
  /** Overrides the metric's date field for this value (e.g. expected close date for in-progress). */
  dateField: fieldNameSchema.nullable().optional(),
});

const definitionShape = {
  name: nameSchema,
  kind: z.enum(['count', 'amount']),
  dataType: z.enum(['money', 'integer', 'decimal']),
  currency: currencySchema.nullable().optional(),
  recordType: idSchema,
  /** null: a snapshot metric (every matching record counts, whatever its date). */
  dateField: fieldNameSchema.nullable(),
  valueField: fieldNameSchema.nullable().optional(),
  actual: rollupQuerySchema.nullable().optional(),
  inProgress: rollupQuerySchema.nullable().optional(),
  custom: rollupQuerySchema.nullable().optional(),
};

export const metricDefinitionSchema = z.strictObject({ id: idSchema.optional(), ...definitionShape });
export const metricFromTemplateSchema = z.strictObject({
  template: z.enum(metricTemplateIds),
  id: idSchema.optional(),
  name: nameSchema.optional(),
  currency: currencySchema.optional(),
});
export const metricCreateSchema = z.union([metricFromTemplateSchema, metricDefinitionSchema]);
export const metricPatchSchema = z.strictObject(definitionShape).partial();

export type RollupQuery = z.infer<typeof rollupQuerySchema>;

export const metricSchema = z.object({
  id: idSchema,
  name: z.string(),
  kind: z.enum(['count', 'amount']),
  dataType: z.enum(['money', 'integer', 'decimal']),
  currency: z.string().nullable(),
  recordType: idSchema,
  dateField: z.string().nullable(),
  valueField: z.string().nullable(),
  actual: rollupQuerySchema.nullable(),
  inProgress: rollupQuerySchema.nullable(),
  custom: rollupQuerySchema.nullable(),
  version: z.number().int(),
});
export type Metric = z.infer<typeof metricSchema>;
