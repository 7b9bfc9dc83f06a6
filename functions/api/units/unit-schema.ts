import { z } from 'zod';
import { idSchema, nameSchema } from '../../../core/model/primitives.ts';

export const unitKinds = ['organization', 'department', 'team'] as const;
export type UnitKind = (typeof unitKinds)[number];

export const unitInputSchema = z.strictObject({
  name: nameSchema,
  kind: z.enum(unitKinds),
  parentId: idSchema.nullable().optional(),
  managerIds: z.array(idSchema).max(50).optional(),
});
export type UnitInput = z.infer<typeof unitInputSchema>;

export const unitSchema = z.object({
  id: idSchema,
  name: z.string(),
  kind: z.enum(unitKinds),
  parentId: idSchema.nullable(),
  managerIds: z.array(idSchema),
  version: z.number().int(),
});
export type Unit = z.infer<typeof unitSchema>;
