import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { batchRecordSchema } from '../../functions/api/records/record-schema.ts';
import { settingsUpdateSchema } from '../../functions/api/settings/settings-schema.ts';
import { unitInputSchema } from '../../functions/api/units/unit-schema.ts';
import { userInputSchema } from '../../functions/api/users/user-schema.ts';
import { parseCents, splitAmount, splitCents } from '../../infra/local/demo/cents.ts';
import { demoGoals } from '../../infra/local/demo/demo-goals.ts';
import { demoRepsByTeam, demoSettings, demoUnits, demoUsers } from '../../infra/local/demo/demo-organization.ts';
import { demoRecords, type DemoRecord } from '../../infra/local/demo/demo-records.ts';

const now = new Date('2026-05-14T10:30:00Z');
const zone = 'Europe/Oslo';
const localYear = (iso: string): number => DateTime.fromISO(iso, { zone }).year;

describe('splitCents', () => {
  it('splits into parts that add up to exactly the whole, leftovers to the largest remainders', () => {
    expect(splitCents(100n, [1, 1, 1])).toEqual([34n, 33n, 33n]);
    expect(splitCents(1000n, [1, 2])).toEqual([333n, 667n]);
    expect(splitAmount('2000000.00', [70, 30])).toEqual(['1400000.00', '600000.00']);
    expect(splitAmount('0.05', [1, 1, 1, 1])).toEqual(['0.02', '0.01', '0.01', '0.01']);
  });

  it('never loses or invents a cent', () => {
    for (let total = 0n; total < 500n; total += 7n) {
      const weights = [1, 3, 7, Number(total % 5n)];
      expect(splitCents(total, weights).reduce((a, b) => a + b, 0n)).toBe(total);
    }
  });
});

describe('the demo goals', () => {
  const goals = demoGoals('2026-05-14');

  it('cascade the annual revenue so that every parent equals the exact sum of its children', () => {
    const parents = new Set(goals.map((g) => g.parentKey).filter((k): k is string => k !== undefined));
    expect(parents.size).toBeGreaterThanOrEqual(5);
    for (const parentKey of parents) {
      const parent = goals.find((g) => g.key === parentKey)!;
      const children = goals.filter((g) => g.parentKey === parentKey);
      const sum = children.reduce((total, child) => total + parseCents(child.body.target), 0n);
      expect(sum, parentKey).toBe(parseCents(parent.body.target));
      expect(children.every((c) => c.body.metricId === parent.body.metricId)).toBe(true);
    }
  });

  it('give every rep an annual revenue goal under their team, for the current year', () => {
    const reps = Object.values(demoRepsByTeam).flat();
    for (const rep of reps) {
      const goal = goals.find((g) => g.key === `revenue:${rep}`)!;
      expect(goal.body.period).toEqual({ granularity: 'year', anchor: '2026-01-01' });
      expect(goal.parentKey).toMatch(/^revenue:team-/);
    }
    expect(goals.find((g) => g.key === 'revenue:org')!.body.target).toBe('6000000.00');
  });

  it('name parents before their children and anchor quarter and month goals on today', () => {
    goals.forEach((goal, index) => {
      if (goal.parentKey) expect(goals.findIndex((g) => g.key === goal.parentKey)).toBeLessThan(index);
    });
    expect(goals.filter((g) => g.body.period.granularity === 'quarter').every((g) => g.body.period.anchor === '2026-05-14')).toBe(true);
    expect(goals.some((g) => g.body.period.granularity === 'month')).toBe(true);
  });
});

describe('the demo records', () => {
  const records = demoRecords(now);

  it('are the same for the same instant', () => {
    expect(demoRecords(now)).toEqual(records);
  });

  it('hold a few hundred deals, leads and activities that the records API accepts', () => {
    const count = (type: string): number => records.filter((r) => r.recordType === type).length;
    expect(count('deal')).toBeGreaterThanOrEqual(200);
    expect(count('lead')).toBeGreaterThanOrEqual(100);
    expect(count('activity')).toBeGreaterThanOrEqual(200);
    for (const record of records) expect(batchRecordSchema.safeParse(record).error, record.id).toBeUndefined();
    expect(new Set(records.map((r) => `${r.recordType}/${r.id}`)).size).toBe(records.length);
  });

  it('fall in the current year in Oslo: closed things by now, open deals expected later', () => {
    const deals = records.filter((r) => r.recordType === 'deal');
    for (const record of records) {
      for (const field of ['createdAt', 'closedAt', 'completedAt', 'qualifiedAt', 'expectedCloseAt', 'updatedAt']) {
        const value = record[field];
        if (typeof value === 'string') expect(localYear(value), `${record.id}.${field}`).toBe(2026);
      }
      expect(Date.parse(record.updatedAt)).toBeLessThanOrEqual(now.getTime());
    }
    for (const deal of deals.filter((d) => d.status !== 'open')) expect(Date.parse(deal.closedAt as string)).toBeLessThanOrEqual(now.getTime());
    for (const deal of deals.filter((d) => d.status === 'open')) expect(Date.parse(deal.expectedCloseAt as string)).toBeGreaterThanOrEqual(now.getTime());
    expect(new Set(deals.map((d) => d.status))).toEqual(new Set(['won', 'open', 'lost']));
    expect(deals.some((d) => d.currency === 'USD')).toBe(true);
    expect(deals.some((d) => d.splits)).toBe(true);
    expect(records.filter((r) => r.recordType === 'deal').every((d) => /^\d+\.\d{2}$/.test(d.amount as string))).toBe(true);
  });

  it('write instants with the Oslo offset', () => {
    expect(records[0]!.updatedAt).toMatch(/^2026-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
  });
});

/**
 * What the demo's goals would show at `at` (an Oslo wall-clock time), counted here from the records
 * as the metric templates define them: each value over what the pace expects by then (1 = on pace).
 */
function standing(at: DateTime) {
  const now = at.toJSDate();
  const records = demoRecords(now);
  const goals = demoGoals(at.toISODate()!);
  const target = (key: string): number => Number(goals.find((g) => g.key === key)!.body.target);
  const periods = Object.fromEntries(
    (['year', 'quarter', 'month'] as const).map((unit) => {
      const start = at.startOf(unit);
      return [unit, { from: start.toMillis(), share: (now.getTime() - start.toMillis()) / (start.plus({ [`${unit}s`]: 1 }).toMillis() - start.toMillis()) }];
    }),
  );
  const since = (unit: 'year' | 'quarter' | 'month') => periods[unit]!;
  const within = (value: unknown, unit: 'year' | 'quarter' | 'month') => typeof value === 'string' && Date.parse(value) >= since(unit).from && Date.parse(value) <= now.getTime();
  const credit = (r: DemoRecord, rep: string) => (r.splits ? (r.splits.find((s) => s.ownerId === rep)?.percent ?? 0) / 100 : r.ownerId === rep ? 1 : 0);
  const euros = (rep: string) => records.filter((r) => r.status === 'won' && r.currency === 'EUR' && within(r.closedAt, 'year')).reduce((sum, r) => sum + Number(r.amount) * credit(r, rep), 0);
  const count = (reps: readonly string[], type: string, unit: 'quarter' | 'month') => records.filter((r) => reps.includes(r.ownerId) && r.type === type && within(r.completedAt, unit)).length;
  const reps = Object.values(demoRepsByTeam).flat();
  return {
    records,
    revenue: Object.fromEntries(reps.map((rep) => [rep, euros(rep) / (target(`revenue:${rep}`) * since('year').share)])),
    teamRevenue: Object.fromEntries(
      Object.entries(demoRepsByTeam).map(([team, members]) => [team, members.reduce((sum, rep) => sum + euros(rep), 0) / (target(`revenue:${team}`) * since('year').share)]),
    ),
    calls: reps.map((rep) => ({ rep, calls: count([rep], 'call', 'month'), expected: target(`calls:${rep}`) * since('month').share })),
    meetings: Object.entries(demoRepsByTeam).map(([team, members]) => ({ team, meetings: count(members, 'meeting', 'quarter'), expected: target(`meetings:${team}`) * since('quarter').share })),
    pipeline: records.filter((r) => r.status === 'open' && r.currency === 'EUR').reduce((sum, r) => sum + Number(r.amount), 0) / target('pipeline:org'),
  };
}

/** Every fifth day of 2026 in Oslo at 15:00, from `first` on, with its standing (worked out once). */
const seen = new Map<string, ReturnType<typeof standing>>();
const daysOf = (first: string) =>
  Array.from({ length: 73 }, (_, i) => DateTime.fromISO('2026-01-01T15:00', { zone }).plus({ days: i * 5 }))
    .filter((day) => day.toISODate()! >= first)
    .map((day) => {
      if (!seen.has(day.toISO()!)) seen.set(day.toISO()!, standing(day));
      return { day, ...seen.get(day.toISO()!)! };
    });

describe('the demo, as a company mid-quarter whatever the date', () => {
  it('has reps ahead of pace and behind it, and the SMB team short of its revenue target', () => {
    // From February on: in January a rep's first deal or two decide their pace.
    for (const { day, revenue, teamRevenue } of daysOf('2026-02-01')) {
      const paces = Object.values(revenue);
      expect(Math.max(...paces), day.toISODate()!).toBeGreaterThanOrEqual(1.05);
      expect(Math.min(...paces), day.toISODate()!).toBeLessThanOrEqual(0.95);
      expect(teamRevenue['team-smb'], day.toISODate()!).toBeLessThan(0.9);
      expect(teamRevenue['team-enterprise'], day.toISODate()!).toBeGreaterThan(0.9);
      expect(teamRevenue['team-channel'], day.toISODate()!).toBeGreaterThan(0.9);
    }
  });

  it('has each rep call at a pace of their own this month, in proportion to the days gone, and no team without meetings', () => {
    for (const { day, calls, meetings } of daysOf('2026-01-01')) {
      for (const { rep, calls: made, expected } of calls) {
        expect(made, `${rep} ${day.toISODate()}`).toBeGreaterThanOrEqual(Math.floor(0.7 * expected) - 1);
        expect(made, `${rep} ${day.toISODate()}`).toBeLessThanOrEqual(Math.ceil(1.3 * expected) + 1);
      }
      for (const { team, meetings: held, expected } of meetings) {
        expect(held, `${team} ${day.toISODate()}`).toBeGreaterThanOrEqual(Math.floor(0.7 * expected) - 1);
        expect(held, `${team} ${day.toISODate()}`).toBeLessThanOrEqual(Math.ceil(1.3 * expected) + 1);
      }
    }
    // Mid-month, calls are well under way: half the month gone, about half the calls made.
    const { calls } = standing(DateTime.fromISO('2026-05-16T12:00', { zone }));
    const total = calls.reduce((sum, c) => sum + c.calls, 0);
    expect(total).toBeGreaterThan(0.4 * 6 * 40);
    expect(total).toBeLessThan(0.6 * 6 * 40);
    expect(new Set(calls.map((c) => c.calls)).size).toBeGreaterThan(3); // not everyone alike
  });

  it('keeps an open pipeline over its target (a snapshot: no pace, and not achieved before its year ends)', () => {
    for (const day of ['2026-01-01T00:30', '2026-05-14T12:30', '2026-12-31T23:30']) expect(standing(DateTime.fromISO(day, { zone })).pipeline, day).toBeGreaterThan(1);
  });
});

describe('the demo organization', () => {
  it('passes the API schemas for settings, units and users', () => {
    expect(settingsUpdateSchema.safeParse(demoSettings).success).toBe(true);
    for (const { id: _id, ...unit } of demoUnits) expect(unitInputSchema.safeParse(unit).error).toBeUndefined();
    for (const { id: _id, ...user } of demoUsers) expect(userInputSchema.safeParse(user).error).toBeUndefined();
  });

  it('has one organization, two departments, three teams and six reps in two per team', () => {
    const kinds = demoUnits.map((u) => u.kind);
    expect(kinds.filter((k) => k === 'organization')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'department')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'team')).toHaveLength(3);
    const reps = demoUsers.filter((u) => u.role === 'member');
    expect(reps).toHaveLength(6);
    for (const [team, members] of Object.entries(demoRepsByTeam)) {
      expect(reps.filter((r) => r.memberships.some((m) => m.unitId === team)).map((r) => r.id)).toEqual(members);
    }
  });
});
