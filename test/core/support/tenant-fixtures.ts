import type { Goal } from '../../../core/model/goal.ts';
import type { Metric } from '../../../core/model/metric.ts';
import type { RecordInput } from '../../../core/model/record-input.ts';
import { DEFAULT_TENANT_SETTINGS, type TenantSettings } from '../../../core/model/tenant-settings.ts';
import type { Unit } from '../../../core/model/unit.ts';
import type { Membership, User } from '../../../core/model/user.ts';

/** Plain test data for core: a small organization and builders with sensible defaults. */
export const settings: TenantSettings = { ...DEFAULT_TENANT_SETTINGS, timezone: 'Europe/Oslo', defaultCurrency: 'EUR' };

/** A unit as stored: no managers, version 1. */
export function unit(id: string, name: string, kind: Unit['kind'], parentId: string | null): Unit {
  return { id, name, kind, parentId, managerIds: [], version: 1 };
}

export const units: Unit[] = [
  unit('org', 'Acme', 'organization', null),
  unit('sales', 'Sales', 'department', 'org'),
  unit('north', 'North team', 'team', 'sales'),
  unit('south', 'South team', 'team', 'sales'),
];

/** A member as stored (active, no email or zones, version 1); open membership bounds may be left out. */
export function user(id: string, memberships: (Pick<Membership, 'unitId'> & Partial<Membership>)[]): User {
  return {
    id, name: id, email: null, role: 'member', active: true, zones: [], canLockTargets: false, version: 1,
    memberships: memberships.map((m) => ({ unitId: m.unitId, from: m.from ?? null, to: m.to ?? null })),
  };
}

export const users: User[] = [
  user('ann', [{ unitId: 'north' }]),
  user('bob', [{ unitId: 'north' }]),
  user('cy', [{ unitId: 'south' }]),
];

export function revenueMetric(overrides: Partial<Metric> = {}): Metric {
  return {
    id: 'revenue', name: 'Revenue', kind: 'amount', dataType: 'money', currency: 'EUR', currencyMode: 'only', recordType: 'deal',
    dateField: 'closedAt', valueField: 'amount',
    actual: { where: { field: 'status', op: 'eq', value: 'won' } },
    inProgress: { where: { field: 'status', op: 'eq', value: 'open' }, dateField: 'expectedCloseAt' },
    custom: null,
    version: 1,
    ...overrides,
  };
}

export function countMetric(overrides: Partial<Metric> = {}): Metric {
  return {
    id: 'deals', name: 'Deals won', kind: 'count', dataType: 'integer', currency: null, currencyMode: null, recordType: 'deal', dateField: 'closedAt', valueField: null,
    actual: { where: { field: 'status', op: 'eq', value: 'won' } }, inProgress: null, custom: null, version: 1,
    ...overrides,
  };
}

export const Q1 = { start: '2026-01-01', end: '2026-03-31' };

/** What a stored goal holds when its request left it out (the rollup reads none of description, bonus, locked, version). */
export const goalDefaults = { description: '', stretchTarget: null, parentId: null, filter: null, bonus: null, locked: false, version: 1 } satisfies Partial<Goal>;

export function goal(id: string, owner: Goal['owner'], overrides: Partial<Goal> = {}): Goal {
  return { ...goalDefaults, id, name: id, metricId: 'revenue', owner, period: Q1, target: '1000.00', rollupMode: 'owner', ...overrides };
}

let serial = 0;
export function deal(ownerId: string, fields: RecordInput['fields'], extra: Partial<RecordInput> = {}): RecordInput {
  serial++;
  return { recordType: 'deal', id: `deal-${serial}`, ownerId, updatedAt: '2026-01-01T00:00:00Z',
    fields: { status: 'won', currency: 'EUR', closedAt: '2026-02-10T12:00:00+01:00', ...fields }, ...extra };
}

/** Mid-quarter: 2026-02-15 12:00 Oslo. */
export const NOW = '2026-02-15T11:00:00Z';
