import { z } from 'zod';
import { MAX_SUB_PERIODS } from '../../../core/periods/sub-periods.ts';
import { dateRangeSchema, goalOwnerSchema, goalSchema, periodInOrder, rollupModes } from '../../../core/model/goal.ts';
import { currencySchema, decimalInputSchema, idSchema, localDateSchema, nameSchema, nonNegativeDecimalInputSchema } from '../../../core/model/primitives.ts';

// What the goal use cases take (API.md's request bodies): the HTTP adapter parses requests with these.

export const granularities = ['week', 'month', 'quarter', 'year', 'fiscal-quarter', 'fiscal-year'] as const;

/** An owner in a request body: no other properties. */
export const ownerSchema = z.strictObject(goalOwnerSchema.shape);

/** A period in a request body: start/end (in order, no other properties), or a granularity and an anchor date. */
export const periodInputSchema = z.union([
  z.strictObject(dateRangeSchema.shape).refine(periodInOrder.check, periodInOrder.params),
  z.strictObject({ granularity: z.enum(granularities), anchor: localDateSchema }),
]);
export type PeriodInput = z.infer<typeof periodInputSchema>;

const bonusInputSchema = z.strictObject({ amount: decimalInputSchema, currency: currencySchema });

const goalFields = {
  name: nameSchema,
  description: goalSchema.shape.description,
  metricId: idSchema,
  owner: ownerSchema,
  period: periodInputSchema,
  target: decimalInputSchema,
  stretchTarget: decimalInputSchema.nullable(),
  parentId: idSchema.nullable(),
  rollupMode: z.enum(rollupModes),
  filter: goalSchema.shape.filter,
  bonus: bonusInputSchema.nullable(),
};

export const goalCreateSchema = z.strictObject({
  id: idSchema.optional(),
  ...goalFields,
  description: goalFields.description.optional(),
  stretchTarget: goalFields.stretchTarget.optional(),
  parentId: goalFields.parentId.optional(),
  rollupMode: goalFields.rollupMode.optional(),
  filter: goalFields.filter.optional(),
  bonus: goalFields.bonus.optional(),
});
export type GoalCreate = z.infer<typeof goalCreateSchema>;

export const goalPatchSchema = z.strictObject(goalFields).partial();
export type GoalPatch = z.infer<typeof goalPatchSchema>;

/** POST /goals/{id}/cascade: one child goal per assignee (at most 200). */
export const cascadeBodySchema = z
  .strictObject({
    method: z.enum(['equal', 'weighted', 'manual']),
    assignees: z
      .array(z.strictObject({ owner: ownerSchema, weight: nonNegativeDecimalInputSchema.optional(), target: decimalInputSchema.optional() }))
      .min(1)
      .max(200),
    weightsFrom: z.literal('previous-period').optional(),
  })
  .superRefine((body, ctx) => {
    if (body.weightsFrom && body.method !== 'weighted') {
      ctx.addIssue({ code: 'custom', path: ['weightsFrom'], message: 'weightsFrom goes with the weighted method' });
    }
    body.assignees.forEach((a, i) => {
      if (body.method === 'manual' && a.target === undefined) ctx.addIssue({ code: 'custom', path: ['assignees', i, 'target'], message: 'manual needs a target per assignee' });
      if (body.method === 'weighted' && !body.weightsFrom && a.weight === undefined) ctx.addIssue({ code: 'custom', path: ['assignees', i, 'weight'], message: 'weighted needs a weight per assignee (or weightsFrom)' });
    });
  });

/** POST /goals/{id}/periods: at most one weight per sub-period the parent's period may divide into. */
export const periodsBodySchema = z
  .strictObject({
    granularity: z.enum(['month', 'quarter', 'week']),
    method: z.enum(['equal', 'custom']),
    weights: z.array(nonNegativeDecimalInputSchema).min(1).max(MAX_SUB_PERIODS).optional(),
  })
  .refine((body) => body.method !== 'custom' || body.weights !== undefined, { path: ['weights'], message: 'custom needs weights' });
