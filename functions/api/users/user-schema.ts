import { z } from 'zod';
import { idSchema, localDateSchema, nameSchema, roles } from '../../../core/model/primitives.ts';

export const membershipSchema = z
  .strictObject({
    unitId: idSchema,
    from: localDateSchema.nullable().optional(),
    to: localDateSchema.nullable().optional(),
  })
  .refine((m) => !m.from || !m.to || m.from <= m.to, { message: '`from` must not be after `to`', path: ['to'] });

export const userInputSchema = z.strictObject({
  name: nameSchema,
  email: z.email().max(254).nullable().optional(),
  role: z.enum(roles),
  active: z.boolean().optional(),
  zones: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
  memberships: z.array(membershipSchema).max(50),
  canLockTargets: z.boolean().optional(),
});

export const userSchema = z.object({
  id: idSchema,
  name: z.string(),
  email: z.string().nullable(),
  role: z.enum(roles),
  active: z.boolean(),
  zones: z.array(z.string()),
  memberships: z.array(z.object({ unitId: idSchema, from: z.string().nullable(), to: z.string().nullable() })),
  canLockTargets: z.boolean(),
  version: z.number().int(),
});
export type User = z.infer<typeof userSchema>;
