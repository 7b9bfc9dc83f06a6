import { z } from 'zod';
import { idSchema, localDateSchema, nameSchema, roles } from '../../../core/model/primitives.ts';
import { membershipBoundsInOrder, userSchema } from '../../../core/model/user.ts';

/** A membership in a PUT /users body: open bounds may be left out. */
export const membershipInputSchema = z
  .strictObject({
    unitId: idSchema,
    from: localDateSchema.nullable().optional(),
    to: localDateSchema.nullable().optional(),
  })
  .refine(membershipBoundsInOrder.check, membershipBoundsInOrder.params);

export const userInputSchema = z.strictObject({
  name: nameSchema,
  email: userSchema.shape.email.optional(),
  role: z.enum(roles),
  active: z.boolean().optional(),
  zones: userSchema.shape.zones.optional(),
  memberships: z.array(membershipInputSchema).max(50),
  canLockTargets: z.boolean().optional(),
});
