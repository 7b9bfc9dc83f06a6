import { z } from 'zod';
import { conditionSchema } from '../queries/condition-schema.ts';
import { currencySchema, decimalStringSchema, idSchema, localDateSchema, nameSchema, versionSchema } from './primitives.ts';

/** Who a goal can belong to: a user, or a unit of the given kind. */
export const ownerTypes = ['user', 'team', 'department', 'organization'] as const;

/** Who a goal belongs to. */
export const goalOwnerSchema = z.object({ type: z.enum(ownerTypes), id: idSchema });
export type GoalOwner = z.infer<typeof goalOwnerSchema>;

/** How a goal gets its values (API.md, goals). */
export const rollupModes = ['owner', 'children', 'owner_and_children'] as const;
export type RollupMode = (typeof rollupModes)[number];

/** A period's bounds are in order: `start` is not after `end`. */
export const periodInOrder = {
  check: (p: { start: string; end: string }): boolean => p.start <= p.end,
  params: { message: '`start` must not be after `end`', path: ['end'] },
};

/** A period of local calendar dates, both inclusive. */
export const dateRangeSchema = z.object({ start: localDateSchema, end: localDateSchema }).refine(periodInOrder.check, periodInOrder.params);

/** A goal (API.md, goals), with its period resolved to `start`/`end` and its values exact at the metric's scale. */
export const goalSchema = z.object({
  id: idSchema,
  name: nameSchema,
  description: z.string().max(2000),
  metricId: idSchema,
  owner: goalOwnerSchema,
  period: dateRangeSchema,
  /** Exact decimal at the metric's scale. */
  target: decimalStringSchema,
  stretchTarget: decimalStringSchema.nullable(),
  parentId: idSchema.nullable(),
  rollupMode: z.enum(rollupModes),
  /** Only records matching it count for this goal (on top of the metric's queries). */
  filter: conditionSchema.nullable(),
  bonus: z.object({ amount: decimalStringSchema, currency: currencySchema }).nullable(),
  /** A locked goal's target, period and metric cannot change. */
  locked: z.boolean(),
  version: versionSchema,
});
export type Goal = z.infer<typeof goalSchema>;
