import type { Role } from '../../../core/model/primitives.ts';
import type { User } from '../../../core/model/user.ts';
import { assertRole, orgWriters } from '../access/roles.ts';
import type { Principal } from '../principal.ts';
import { RequestValidationError } from '../../shared/errors.ts';
import type { AppPorts } from '../ports.ts';
import { assertIfMatch } from '../versions.ts';

/** A PUT /users/{id} body: what is left out takes its default (no email, active, no zones, open bounds, no lock right). */
export interface UserInput {
  name: string;
  email?: string | null | undefined;
  role: Role;
  active?: boolean | undefined;
  zones?: readonly string[] | undefined;
  memberships: readonly { unitId: string; from?: string | null | undefined; to?: string | null | undefined }[];
  canLockTargets?: boolean | undefined;
}

/**
 * Creates or replaces a user and their effective-dated memberships (admins and integrations).
 * `expectedVersion` (If-Match) must be the stored version, 0 for none (VersionConflictError). Every
 * membership must name a unit of the tenant (RequestValidationError naming each one that does
 * not). The write is conditional on the version read, so a concurrent change fails it with
 * VersionConflictError. `created`: there was no user under this id.
 */
export async function putUser(
  ports: Pick<AppPorts, 'users' | 'units'>,
  principal: Principal,
  input: { id: string; user: UserInput; expectedVersion?: number | undefined },
): Promise<{ user: User; created: boolean }> {
  assertRole(principal, orgWriters, 'write users');
  const { tenant } = principal;
  const { id, user: body } = input;
  const existing = await ports.users.get(tenant, id);
  const currentVersion = existing?.version ?? 0;
  assertIfMatch(input.expectedVersion, currentVersion, `User ${id}`);
  const units = await ports.units.getMany(tenant, body.memberships.map((m) => m.unitId));
  const unknown = body.memberships.flatMap((m, i) =>
    units.has(m.unitId) ? [] : [{ path: `body.memberships.${i}.unitId`, message: `Unit ${m.unitId} not found` }],
  );
  if (unknown.length > 0) throw new RequestValidationError('A membership names a unit that does not exist', unknown);
  const user: User = {
    id,
    name: body.name,
    email: body.email ?? null,
    role: body.role,
    active: body.active ?? true,
    zones: [...new Set(body.zones ?? [])],
    memberships: body.memberships.map((m) => ({ unitId: m.unitId, from: m.from ?? null, to: m.to ?? null })),
    canLockTargets: body.canLockTargets ?? false,
    version: currentVersion + 1,
  };
  await ports.users.put(tenant, user, currentVersion);
  return { user, created: existing === undefined };
}
