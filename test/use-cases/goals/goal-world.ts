import type { GoalCreate } from '../../../functions/use-cases/goals/goal-inputs.ts';
import type { Principal } from '../../../functions/use-cases/principal.ts';
import { memoryPorts, type MemoryPorts } from '../../support/memory/ports.ts';

export const tenant = 't-goals';
export const admin: Principal = { tenant, userId: 'admin-1', role: 'admin' };
/** Mia manages the Enterprise team (and is a member of it). */
export const mia: Principal = { tenant, userId: 'mia', role: 'manager' };
/** Anna is a member of the Enterprise team. */
export const anna: Principal = { tenant, userId: 'anna', role: 'member' };

const user = (id: string, name: string, role: Principal['role'], unitId: string, canLockTargets = false) => ({
  id, name, email: null, role, active: true, zones: [], memberships: [{ unitId, from: null, to: null }], canLockTargets, version: 1,
});
const unit = (id: string, name: string, kind: 'organization' | 'department' | 'team', parentId: string | null, managerIds: string[] = []) => ({
  id, name, kind, parentId, managerIds, version: 1,
});
const metric = (id: string, dataType: 'money' | 'integer', currency: string | null) => ({
  id, name: id, kind: dataType === 'money' ? ('amount' as const) : ('count' as const), dataType, currency, currencyMode: dataType === 'money' ? ('only' as const) : null, recordType: 'deal',
  dateField: 'closedAt', valueField: dataType === 'money' ? 'amount' : null,
  actual: { where: { field: 'status', op: 'eq' as const, value: 'won' } }, inProgress: null, custom: null, version: 1,
});

/**
 * A tenant in memory: Oslo time, weeks from Monday, the fiscal year from April; org → sales →
 * Enterprise (managed by Mia) and SMB teams; Anna (Enterprise), Ben (SMB), Mia; a EUR revenue
 * metric and a deal count.
 */
export async function goalWorld(): Promise<MemoryPorts> {
  const ports = memoryPorts();
  const settings = await ports.settings.get(tenant);
  const { version: _version, ...values } = settings;
  await ports.settings.put(tenant, { ...values, timezone: 'Europe/Oslo', weekStartsOn: 1, fiscalYearStartMonth: 4, defaultCurrency: 'EUR' }, 0);
  for (const u of [unit('org', 'Org', 'organization', null), unit('sales', 'Sales', 'department', 'org'), unit('ent', 'Enterprise', 'team', 'sales', ['mia']), unit('smb', 'SMB', 'team', 'sales')]) {
    await ports.units.put(tenant, u, 0);
  }
  for (const u of [user('anna', 'Anna', 'member', 'ent'), user('ben', 'Ben', 'member', 'smb'), user('mia', 'Mia', 'manager', 'ent')]) {
    await ports.users.put(tenant, u, 0);
  }
  await ports.metrics.create(tenant, metric('revenue', 'money', 'EUR'));
  await ports.metrics.create(tenant, metric('deals', 'integer', null));
  return ports;
}

/** An organization goal on revenue over 2026. */
export const yearGoal = (overrides: Partial<GoalCreate> = {}): GoalCreate => ({
  name: 'FY revenue',
  metricId: 'revenue',
  owner: { type: 'organization', id: 'org' },
  period: { start: '2026-01-01', end: '2026-12-31' },
  target: '2000000',
  ...overrides,
});

/** The error `work` was refused with (undefined if it was not). */
export const refusal = (work: Promise<unknown>): Promise<unknown> => work.then(() => undefined, (error: unknown) => error);
