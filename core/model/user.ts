import { z } from 'zod';
import { idSchema, localDateSchema, nameSchema, roles, versionSchema } from './primitives.ts';

/** A membership's bounds are in order: `from` is not after `to` (an absent bound is open). */
export const membershipBoundsInOrder = {
  check: (m: { from?: string | null | undefined; to?: string | null | undefined }): boolean => !m.from || !m.to || m.from <= m.to,
  params: { message: '`from` must not be after `to`', path: ['to'] },
};

/**
 * A user's membership of a unit, effective from `from` to `to` (inclusive local dates; a null
 * bound is open). Membership of a unit is membership of every unit above it.
 */
export const membershipSchema = z
  .object({ unitId: idSchema, from: localDateSchema.nullable(), to: localDateSchema.nullable() })
  .refine(membershipBoundsInOrder.check, membershipBoundsInOrder.params);
export type Membership = z.infer<typeof membershipSchema>;

/** A user (API.md, organization). Deactivated users still count in rollups. */
export const userSchema = z.object({
  id: idSchema,
  name: nameSchema,
  email: z.email().max(254).nullable(),
  role: z.enum(roles),
  active: z.boolean(),
  /** Free-form zones (regions, territories) the user works in. */
  zones: z.array(z.string().trim().min(1).max(64)).max(50),
  memberships: z.array(membershipSchema).max(50),
  /** Whether the user may lock and unlock goal targets. */
  canLockTargets: z.boolean(),
  version: versionSchema,
});
export type User = z.infer<typeof userSchema>;
