import { z } from 'zod';
import { currencyModes, dataTypes, metricKinds, rollupQuerySchema } from '../../../core/model/metric.ts';
import { currencySchema, fieldNameSchema, idSchema, nameSchema } from '../../../core/model/primitives.ts';
import { metricTemplateIds } from './templates.ts';

// What the metric use cases take (API.md's request bodies): the HTTP adapter parses requests with these.

const definitionShape = {
  name: nameSchema,
  kind: z.enum(metricKinds),
  dataType: z.enum(dataTypes),
  currency: currencySchema.nullable().optional(),
  /** Money metrics only; default `only`. */
  currencyMode: z.enum(currencyModes).nullable().optional(),
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
  currencyMode: z.enum(currencyModes).optional(),
});
export const metricCreateSchema = z.union([metricFromTemplateSchema, metricDefinitionSchema]);
export const metricPatchSchema = z.strictObject(definitionShape).partial();
