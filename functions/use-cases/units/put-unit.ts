import type { Unit, UnitKind } from '../../../core/model/unit.ts';
import { assertRole, orgWriters } from '../access/roles.ts';
import type { Principal } from '../principal.ts';
import { ConflictError, RequestValidationError } from '../../shared/errors.ts';
import type { AppPorts } from '../ports.ts';
import { assertIfMatch } from '../versions.ts';

/** A PUT /units/{id} body: parentId and managerIds may be left out (no parent, no managers). */
export interface UnitInput {
  name: string;
  kind: UnitKind;
  parentId?: string | null | undefined;
  managerIds?: readonly string[] | undefined;
}

export type PutUnitPorts = Pick<AppPorts, 'units' | 'goals'>;

/**
 * The parent must exist in the tenant (RequestValidationError), and following parents up from it
 * must never reach the unit itself (ConflictError: a unit cannot be below itself). An ancestor
 * missing further up ends the walk: the tree above it is what it is.
 */
async function assertParentAllowed(ports: PutUnitPorts, tenant: string, unitId: string, parentId: string): Promise<void> {
  if (parentId === unitId) throw new ConflictError(`Unit ${unitId} cannot be its own parent`);
  const seen = new Set<string>();
  let current: string | null = parentId;
  while (current !== null) {
    const ancestor = await ports.units.get(tenant, current);
    if (!ancestor) {
      if (current === parentId) {
        throw new RequestValidationError('The parent unit does not exist', [{ path: 'body.parentId', message: `Unit ${parentId} not found` }]);
      }
      return;
    }
    if (ancestor.id === unitId || seen.has(ancestor.id)) {
      throw new ConflictError(`Making ${parentId} the parent of ${unitId} would create a cycle`);
    }
    seen.add(ancestor.id);
    current = ancestor.parentId;
  }
}

/**
 * Creates or replaces a unit (admins and integrations). `expectedVersion` (If-Match) must be the
 * stored version, 0 for none (VersionConflictError). An organization has no parent; any other
 * parent must exist and must not close a cycle; a unit that owns goals keeps its kind (the goals'
 * owner type names it). The write is conditional on the version read, so a concurrent change
 * fails it with VersionConflictError. `created`: there was no unit under this id.
 */
export async function putUnit(
  ports: PutUnitPorts,
  principal: Principal,
  input: { id: string; unit: UnitInput; expectedVersion?: number | undefined },
): Promise<{ unit: Unit; created: boolean }> {
  assertRole(principal, orgWriters, 'write units');
  const { tenant } = principal;
  const { id, unit: body } = input;
  const existing = await ports.units.get(tenant, id);
  const currentVersion = existing?.version ?? 0;
  assertIfMatch(input.expectedVersion, currentVersion, `Unit ${id}`);
  const parentId = body.parentId ?? null;
  if (body.kind === 'organization' && parentId !== null) {
    throw new RequestValidationError('An organization has no parent unit', [{ path: 'body.parentId', message: 'Must be null for an organization' }]);
  }
  if (parentId !== null) await assertParentAllowed(ports, tenant, id, parentId);
  if (existing && existing.kind !== body.kind && (await ports.goals.hasGoalsForOwner(tenant, existing.kind, existing.id))) {
    throw new ConflictError(`Unit ${id} owns goals as a ${existing.kind}; its kind cannot change`);
  }
  const unit: Unit = {
    id,
    name: body.name,
    kind: body.kind,
    parentId,
    managerIds: [...new Set(body.managerIds ?? [])],
    version: currentVersion + 1,
  };
  await ports.units.put(tenant, unit, currentVersion);
  return { unit, created: existing === undefined };
}
