import { z } from 'zod';
import { idSchema, nameSchema } from '../../../core/model/primitives.ts';
import { unitKinds } from '../../../core/model/unit.ts';

export const unitInputSchema = z.strictObject({
  name: nameSchema,
  kind: z.enum(unitKinds),
  parentId: idSchema.nullable().optional(),
  managerIds: z.array(idSchema).max(50).optional(),
});
