import { assertRole, orgWriters } from '../access/roles.ts';
import type { Principal } from '../principal.ts';
import { ConflictError } from '../../shared/errors.ts';
import type { AppPorts } from '../ports.ts';
import { getUnit } from './get-unit.ts';
import { assertIfMatch } from '../versions.ts';

/**
 * Deletes a unit (admins and integrations; 404 before 403) at the version read, or
 * `expectedVersion` (If-Match). A unit with child units or goals stays (ConflictError): they name it.
 */
export async function deleteUnit(
  ports: Pick<AppPorts, 'units' | 'goals'>,
  principal: Principal,
  input: { id: string; expectedVersion?: number | undefined },
): Promise<void> {
  const { tenant } = principal;
  const unit = await getUnit(ports, principal, input.id);
  assertRole(principal, orgWriters, 'delete units');
  assertIfMatch(input.expectedVersion, unit.version, `Unit ${unit.id}`);
  if (await ports.units.hasChildren(tenant, unit.id)) throw new ConflictError(`Unit ${unit.id} has child units`);
  if (await ports.goals.hasGoalsForOwner(tenant, unit.kind, unit.id)) throw new ConflictError(`Unit ${unit.id} owns goals`);
  await ports.units.delete(tenant, unit.id, unit.version);
}
