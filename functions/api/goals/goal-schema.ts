import { z } from 'zod';
import { MAX_SUB_PERIODS } from '../../../core/periods/sub-periods.ts';
import { conditionSchema } from '../../../core/queries/condition-schema.ts';
import { currencySchema, decimalInputSchema, idSchema, localDateSchema, nameSchema, nonNegativeDecimalInputSchema } from '../../../core/model/primitives.ts';
import { listQueryShape } from '../common-schemas.ts';

export const ownerTypes = ['user', 'team', 'department', 'organization'] as const;
export const rollupModes = ['owner', 'children', 'owner_and_children'] as const;
export const granularities = ['week', 'month', 'quarter', 'year', 'fiscal-quarter', 'fiscal-year'] as const;

export const ownerSchema = z.strictObject({ type: z.enum(ownerTypes), id: idSchema });

export const dateRangeSchema = z
  .strictObject({ start: localDateSchema, end: localDateSchema })
  .refine((p) => p.start <= p.end, { message: '`start` must not be after `end`', path: ['end'] });

export const periodInputSchema = z.union([
  dateRangeSchema,
  z.strictObject({ granularity: z.enum(granularities), anchor: localDateSchema }),
]);
export type PeriodInput = z.infer<typeof periodInputSchema>;

const bonusInputSchema = z.strictObject({ amount: decimalInputSchema, currency: currencySchema });

const goalFields = {
  name: nameSchema,
  description: z.string().max(2000),
  metricId: idSchema,
  owner: ownerSchema,
  period: periodInputSchema,
  target: decimalInputSchema,
  stretchTarget: decimalInputSchema.nullable(),
  parentId: idSchema.nullable(),
  rollupMode: z.enum(rollupModes),
  filter: conditionSchema.nullable(),
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

export const goalSchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string(),
  metricId: idSchema,
  owner: z.object({ type: z.enum(ownerTypes), id: idSchema }),
  period: z.object({ start: z.string(), end: z.string() }),
  target: z.string(),
  stretchTarget: z.string().nullable(),
  parentId: idSchema.nullable(),
  rollupMode: z.enum(rollupModes),
  filter: conditionSchema.nullable(),
  bonus: z.object({ amount: z.string(), currency: z.string() }).nullable(),
  locked: z.boolean(),
  version: z.number().int(),
});
export type Goal = z.infer<typeof goalSchema>;

export const goalListQuerySchema = z.strictObject({
  ownerType: z.enum(ownerTypes).optional(),
  ownerId: idSchema.optional(),
  parentId: idSchema.optional(),
  metricId: idSchema.optional(),
  activeOn: localDateSchema.optional(),
  ...listQueryShape,
});
export type GoalListQuery = z.infer<typeof goalListQuerySchema>;

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
