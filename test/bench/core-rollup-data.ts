import type { Goal } from '../../core/model/goal.ts';
import type { Metric } from '../../core/model/metric.ts';
import type { RecordInput } from '../../core/model/record-input.ts';
import { DEFAULT_TENANT_SETTINGS, type TenantSettings } from '../../core/model/tenant-settings.ts';
import type { Unit } from '../../core/model/unit.ts';
import type { User } from '../../core/model/user.ts';

/** Small seeded PRNG (mulberry32): the same seed always gives the same data set. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BenchTenant {
  settings: TenantSettings;
  units: Unit[];
  users: User[];
  metrics: Metric[];
  goals: Goal[];
}

const YEAR = 2026;
const pad = (n: number): string => String(n).padStart(2, '0');
const monthEnd = (m: number): number => new Date(Date.UTC(YEAR, m, 0)).getUTCDate();

/** A 4-level org (organization → 5 departments → 25 teams → 300 reps), 5 metrics, 10,000 goals. */
export function benchTenant(): BenchTenant {
  const settings: TenantSettings = { ...DEFAULT_TENANT_SETTINGS, timezone: 'Europe/Oslo', defaultCurrency: 'EUR' };
  const unit = (id: string, name: string, kind: Unit['kind'], parentId: string | null): Unit => ({ id, name, kind, parentId, managerIds: [], version: 1 });
  const units: Unit[] = [unit('org', 'Org', 'organization', null)];
  for (let d = 0; d < 5; d++) {
    units.push(unit(`d${d}`, `Dept ${d}`, 'department', 'org'));
    for (let t = 0; t < 5; t++) units.push(unit(`t${d * 5 + t}`, `Team ${d * 5 + t}`, 'team', `d${d}`));
  }
  const users: User[] = [];
  for (let u = 0; u < 300; u++) {
    const team = u % 25;
    // Every tenth rep moves to the next team on 1 July.
    const memberships =
      u % 10 === 0
        ? [{ unitId: `t${team}`, from: null, to: `${YEAR}-06-30` }, { unitId: `t${(team + 1) % 25}`, from: `${YEAR}-07-01`, to: null }]
        : [{ unitId: `t${team}`, from: null, to: null }];
    users.push({ id: `u${u}`, name: `Rep ${u}`, email: null, role: 'member', active: true, zones: [], memberships, canLockTargets: false, version: 1 });
  }
  // A metric as stored: what a definition leaves out is null, version 1.
  const metric = (m: Pick<Metric, 'id' | 'name' | 'kind' | 'dataType' | 'recordType' | 'dateField'> & Partial<Metric>): Metric =>
    ({ currency: null, currencyMode: m.dataType === 'money' ? 'only' : null, valueField: null, actual: null, inProgress: null, custom: null, version: 1, ...m });
  const metrics: Metric[] = [
    metric({ id: 'revenue', name: 'Revenue', kind: 'amount', dataType: 'money', currency: 'EUR', recordType: 'deal', dateField: 'closedAt', valueField: 'amount',
      actual: { where: { field: 'status', op: 'eq', value: 'won' } },
      inProgress: { where: { field: 'status', op: 'eq', value: 'open' }, dateField: 'expectedCloseAt' } }),
    metric({ id: 'deal-count', name: 'Deals won', kind: 'count', dataType: 'integer', recordType: 'deal', dateField: 'closedAt',
      actual: { where: { all: [{ field: 'status', op: 'eq', value: 'won' }, { field: 'amount', op: 'gte', value: '100.00' }] } } }),
    metric({ id: 'pipeline', name: 'Pipeline', kind: 'amount', dataType: 'money', currency: 'EUR', recordType: 'deal', dateField: null, valueField: 'amount',
      inProgress: { where: { field: 'stage', op: 'in', value: ['qualify', 'propose', 'negotiate'] } } }),
    metric({ id: 'leads-qualified', name: 'Leads qualified', kind: 'count', dataType: 'integer', recordType: 'lead', dateField: 'createdAt',
      actual: { where: { field: 'qualified', op: 'eq', value: true } } }),
    metric({ id: 'calls-made', name: 'Calls', kind: 'count', dataType: 'integer', recordType: 'activity', dateField: 'occurredAt',
      actual: { where: { field: 'type', op: 'eq', value: 'call' } } }),
  ];
  const periods: { key: string; start: string; end: string }[] = [{ key: 'y', start: `${YEAR}-01-01`, end: `${YEAR}-12-31` }];
  for (let q = 0; q < 4; q++) periods.push({ key: `q${q + 1}`, start: `${YEAR}-${pad(q * 3 + 1)}-01`, end: `${YEAR}-${pad(q * 3 + 3)}-${monthEnd(q * 3 + 3)}` });
  for (let m = 1; m <= 12; m++) periods.push({ key: `m${m}`, start: `${YEAR}-${pad(m)}-01`, end: `${YEAR}-${pad(m)}-${monthEnd(m)}` });
  const goals: Goal[] = [];
  const goal = (metric: Metric, ownerType: Goal['owner']['type'], ownerId: string, period: (typeof periods)[number], parentId: string | null, rollupMode: Goal['rollupMode']): void => {
    goals.push({ id: `${metric.id}:${ownerId}:${period.key}`, name: `${metric.name} ${ownerId} ${period.key}`, metricId: metric.id,
      owner: { type: ownerType, id: ownerId }, period: { start: period.start, end: period.end }, target: targetFor(metric, ownerType, period.key),
      stretchTarget: null, parentId, rollupMode, filter: null, description: '', bonus: null, locked: false, version: 1 });
  };
  for (const metric of metrics) {
    for (const period of periods) {
      goal(metric, 'organization', 'org', period, null, 'owner');
      for (let d = 0; d < 5; d++) goal(metric, 'department', `d${d}`, period, `${metric.id}:org:${period.key}`, 'owner');
      for (let t = 0; t < 25; t++) goal(metric, 'team', `t${t}`, period, `${metric.id}:d${Math.floor(t / 5)}:${period.key}`, period.key === 'y' ? 'children' : 'owner');
    }
  }
  outer: for (const period of periods.slice(0, 5)) {
    for (const metric of metrics) {
      for (const user of users) {
        if (goals.length >= 10_000) break outer;
        const team = (user.memberships[0] as { unitId: string }).unitId;
        goal(metric, 'user', user.id, period, `${metric.id}:${team}:${period.key}`, 'owner');
      }
    }
  }
  return { settings, units, users, metrics, goals };
}

/** Targets near what the generated records reach, so progress figures look like a real year. */
function targetFor(metric: Metric, ownerType: Goal['owner']['type'], periodKey: string): string {
  const reps = { user: 1, team: 12, department: 60, organization: 300 }[ownerType];
  const share = periodKey === 'y' ? 1 : periodKey.startsWith('q') ? 4 : 12;
  const perRepYear = metric.kind === 'count' ? 800 : 10_000_000;
  const target = Math.round((perRepYear * reps) / share);
  return metric.kind === 'count' ? String(target) : `${target}.00`;
}

const STATUSES = ['won', 'won', 'open', 'lost'] as const;
const STAGES = ['qualify', 'propose', 'negotiate', 'closed'] as const;
const ACTIVITY_TYPES = ['call', 'email', 'meeting'] as const;

function isoInstant(random: () => number): string {
  const ms = Date.UTC(YEAR, 0, 1) + Math.floor(random() * 365 * 86_400_000);
  // Records arrive with a +01:00 offset: the same instant, written as the CRM writes it.
  return new Date(ms + 3_600_000).toISOString().replace('Z', '+01:00');
}

/** `count` records shaped as the store returns them: 50 % deals, 25 % leads, 25 % activities. */
export function benchRecords(count: number, seed = 42): RecordInput[] {
  const random = seededRandom(seed);
  const records: RecordInput[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const ownerId = `u${Math.floor(random() * 300)}`;
    const updatedAt = '2026-12-31T00:00:00Z';
    const kind = i % 4;
    if (kind < 2) {
      const status = STATUSES[Math.floor(random() * 4)] as string;
      const cents = Math.floor(random() * 5_000_000);
      const splits = random() < 0.05 ? [{ ownerId, percent: 60 }, { ownerId: `u${Math.floor(random() * 300)}`, percent: 40 }] : undefined;
      records[i] = { recordType: 'deal', id: `deal-${i}`, ownerId, updatedAt, ...(splits ? { splits } : {}), fields: {
        status, stage: STAGES[Math.floor(random() * 4)] as string, amount: `${Math.floor(cents / 100)}.${pad(cents % 100)}`,
        currency: random() < 0.02 ? 'USD' : 'EUR', closedAt: status === 'open' ? null : isoInstant(random),
        expectedCloseAt: isoInstant(random), zone: random() < 0.5 ? 'north' : 'south' } };
    } else if (kind === 2) {
      records[i] = { recordType: 'lead', id: `lead-${i}`, ownerId, updatedAt, fields: {
        source: random() < 0.5 ? 'web' : 'event', qualified: random() < 0.3, createdAt: isoInstant(random) } };
    } else {
      records[i] = { recordType: 'activity', id: `activity-${i}`, ownerId, updatedAt, fields: {
        type: ACTIVITY_TYPES[Math.floor(random() * 3)] as string, occurredAt: isoInstant(random), durationMinutes: Math.floor(random() * 60) } };
    }
  }
  return records;
}
