import { z } from 'zod';
import { idSchema, nameSchema, versionSchema } from './primitives.ts';

/** The kinds of organization unit (API.md, organization). */
export const unitKinds = ['organization', 'department', 'team'] as const;
export type UnitKind = (typeof unitKinds)[number];

/** A node of the tenant's unit tree (API.md, organization). */
export const unitSchema = z.object({
  id: idSchema,
  name: nameSchema,
  kind: z.enum(unitKinds),
  parentId: idSchema.nullable(),
  /** Users who manage this unit and every unit below it. */
  managerIds: z.array(idSchema),
  version: versionSchema,
});
export type Unit = z.infer<typeof unitSchema>;
