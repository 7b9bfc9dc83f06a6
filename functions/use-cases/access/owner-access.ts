import type { Goal } from '../../../core/model/goal.ts';
import { ForbiddenError, NotFoundError } from '../../shared/errors.ts';
import type { Unit } from '../../../core/model/unit.ts';
import { canReadOwner, type AccessScope } from './access-scope.ts';

/** What checking an owner's existence reads (AppPorts has them). */
export interface OwnerPorts {
  readonly units: { get(tenant: string, id: string): Promise<Unit | undefined> };
  readonly users: { get(tenant: string, id: string): Promise<unknown> };
}

/**
 * Whether the owner exists in the caller's tenant: a user, or a unit of the owner's kind. Reads
 * nothing the scope already knows: the caller itself, the users a manager's scope was built from,
 * and the units a non-admin's scope holds; otherwise one GetItem.
 */
async function ownerExists(scope: AccessScope, owner: Goal['owner'], readable: boolean, ports: OwnerPorts): Promise<boolean> {
  const { tenant, userId, role } = scope.principal;
  if (owner.type === 'user') {
    if (owner.id === userId || (readable && role === 'manager')) return true;
    return (await ports.users.get(tenant, owner.id)) !== undefined;
  }
  const unit = scope.units ? scope.units.get(owner.id) : await ports.units.get(tenant, owner.id);
  return unit?.kind === owner.type;
}

/**
 * For an owner a request names (a dashboard's, a preview's): 404 unless it exists in the caller's
 * tenant (another tenant's or nobody's id is never 403), then 403 unless the caller may see its
 * goals and results.
 */
export async function assertMayReadNamedOwner(scope: AccessScope, owner: Goal['owner'], ports: OwnerPorts): Promise<void> {
  const readable = canReadOwner(scope, owner);
  if (!(await ownerExists(scope, owner, readable, ports))) throw new NotFoundError(`No ${owner.type} ${owner.id} in this tenant`);
  if (!readable) throw new ForbiddenError(`You may not see the results of ${owner.type} ${owner.id}`);
}

