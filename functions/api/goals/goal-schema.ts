import { z } from 'zod';
import { ownerTypes } from '../../../core/model/goal.ts';
import { idSchema, localDateSchema } from '../../../core/model/primitives.ts';
import { listQueryShape } from '../common-schemas.ts';

export const goalListQuerySchema = z.strictObject({
  ownerType: z.enum(ownerTypes).optional(),
  ownerId: idSchema.optional(),
  parentId: idSchema.optional(),
  metricId: idSchema.optional(),
  activeOn: localDateSchema.optional(),
  ...listQueryShape,
});
export type GoalListQuery = z.infer<typeof goalListQuerySchema>;
