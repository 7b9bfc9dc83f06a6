import { unitWithAncestors } from '../../../core/attribution/membership-index.ts';
import { localDateOf } from '../../../core/periods/period-instants.ts';
import type { Goal } from '../../../core/model/goal.ts';
import type { Unit } from '../../../core/model/unit.ts';
import type { User } from '../../../core/model/user.ts';
import type { Principal } from '../principal.ts';

/** What loading a caller's scope reads (AppPorts has them): the tenant's time zone, units and users. */
export interface AccessPorts {
  readonly settings: { get(tenant: string): Promise<{ timezone: string }> };
  readonly units: { all(tenant: string): Promise<Unit[]> };
  readonly users: { get(tenant: string, id: string): Promise<User | undefined>; all(tenant: string): Promise<User[]> };
}

/** What a caller may see and change, worked out once per request from the org as it is today. */
export interface AccessScope {
  readonly principal: Principal;
  /** Units the caller belongs to today, with every unit above them. */
  readonly memberUnits: ReadonlySet<string>;
  /** Units the caller manages, with every unit below them (managers only). */
  readonly managedUnits: ReadonlySet<string>;
  /** Users who are members of a managed unit today (managers only). */
  readonly managedUsers: ReadonlySet<string>;
  /** The tenant's units by id, as read for the scope (managers and members; admins read none). */
  readonly units?: ReadonlyMap<string, Unit>;
}

const isMemberOn = (membership: User['memberships'][number], day: string) =>
  (!membership.from || membership.from <= day) && (!membership.to || membership.to >= day);

/** Every unit below the given ones (and the given ones). */
function withDescendants(roots: readonly string[], units: readonly Unit[]): Set<string> {
  const children = new Map<string, string[]>();
  for (const unit of units) if (unit.parentId) children.set(unit.parentId, [...(children.get(unit.parentId) ?? []), unit.id]);
  const found = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (found.has(id)) continue;
    found.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return found;
}

/** Loads the caller's scope: admins need nothing; others read the org (and managers the users). */
export async function loadAccessScope(
  principal: Principal,
  nowMs: number,
  options: { timezone?: string | Promise<string | undefined> | undefined; ports: AccessPorts },
): Promise<AccessScope> {
  const empty = new Set<string>();
  if (principal.role === 'admin' || principal.role === 'integration') {
    return { principal, memberUnits: empty, managedUnits: empty, managedUsers: empty };
  }
  // The tenant's time zone decides "today"; a reader that has the current run passes the zone it holds.
  const { ports } = options;
  const zone = Promise.resolve(options.timezone).then((timezone) => timezone ?? ports.settings.get(principal.tenant).then((settings) => settings.timezone));
  const [timezone, units, self] = await Promise.all([zone, ports.units.all(principal.tenant), ports.users.get(principal.tenant, principal.userId)]);
  const today = localDateOf(nowMs, timezone);
  const unitsById = new Map(units.map((u) => [u.id, u]));
  const memberUnits = new Set((self?.memberships ?? []).filter((m) => isMemberOn(m, today)).flatMap((m) => unitWithAncestors(m.unitId, unitsById)));
  if (principal.role !== 'manager') return { principal, memberUnits, managedUnits: empty, managedUsers: empty, units: unitsById };
  const managedUnits = withDescendants(units.filter((u) => u.managerIds.includes(principal.userId)).map((u) => u.id), units);
  const users = managedUnits.size > 0 ? await ports.users.all(principal.tenant) : [];
  const managedUsers = new Set(users.filter((u) => u.memberships.some((m) => managedUnits.has(m.unitId) && isMemberOn(m, today))).map((u) => u.id));
  return { principal, memberUnits, managedUnits, managedUsers, units: unitsById };
}

/** Whether the caller may change goals of this owner: admins all; managers themselves and their scope. */
export function canWriteOwner(scope: AccessScope, owner: Goal['owner']): boolean {
  const { principal } = scope;
  if (principal.role === 'admin') return true;
  if (principal.role !== 'manager') return false;
  return owner.type === 'user' ? owner.id === principal.userId || scope.managedUsers.has(owner.id) : scope.managedUnits.has(owner.id);
}

/** Whether the caller may see goals and results of this owner: its own, its units' and (managers) its scope's. */
export function canReadOwner(scope: AccessScope, owner: Goal['owner']): boolean {
  const { principal } = scope;
  if (principal.role === 'admin') return true;
  if (principal.role === 'integration') return false;
  if (canWriteOwner(scope, owner)) return true;
  return owner.type === 'user' ? owner.id === principal.userId : scope.memberUnits.has(owner.id);
}
