import { DateTime } from 'luxon';
import { splitAmount } from './cents.ts';
import { demoRepsByTeam, demoUnits, demoUsers, metricId } from './demo-organization.ts';

const displayName = (id: string): string => [...demoUnits, ...demoUsers].find((x) => x.id === id)?.name ?? id;

type OwnerType = 'user' | 'team' | 'department' | 'organization';
type PeriodInput = { granularity: 'month' | 'quarter' | 'year'; anchor: string };

export interface DemoGoalBody {
  name: string;
  metricId: string;
  owner: { type: OwnerType; id: string };
  period: PeriodInput;
  target: string;
  stretchTarget?: string;
  filter?: { field: string; op: 'in'; value: string[] };
  bonus?: { amount: string; currency: string };
}

/** A goal to create; `parentKey` names an earlier goal, whose server id becomes `parentId`. */
export interface DemoGoal {
  readonly key: string;
  readonly parentKey?: string;
  readonly body: DemoGoalBody;
}

/**
 * The demo's goals for the year and quarter/month of `today` (a local date in the tenant's zone),
 * parents before children; every parent's children sum exactly to its target.
 */
export function demoGoals(today: string): DemoGoal[] {
  const day = DateTime.fromISO(today, { zone: 'utc' });
  if (!day.isValid) throw new Error(`Not a date: ${today}`);
  const year: PeriodInput = { granularity: 'year', anchor: `${day.year}-01-01` };
  const quarter: PeriodInput = { granularity: 'quarter', anchor: today };
  const month: PeriodInput = { granularity: 'month', anchor: today };
  const quarterName = `Q${day.quarter} ${day.year}`;
  const monthName = day.toFormat('LLLL yyyy', { locale: 'en' });
  const goals: DemoGoal[] = [];
  const add = (key: string, body: DemoGoalBody, parentKey?: string): void => void goals.push({ key, body, ...(parentKey ? { parentKey } : {}) });

  // Annual revenue, cascaded organization → departments → teams → reps.
  const revenue = metricId('revenue');
  add('revenue:org', { name: `Revenue ${day.year}`, metricId: revenue, owner: { type: 'organization', id: 'org' }, period: year, target: '6000000.00', stretchTarget: '7200000.00' });
  const cascade: { parent: string; owner: { type: OwnerType; id: string }; weight: number }[][] = [
    [
      { parent: 'revenue:org', owner: { type: 'department', id: 'dept-sales' }, weight: 70 },
      { parent: 'revenue:org', owner: { type: 'department', id: 'dept-partners' }, weight: 30 },
    ],
    [
      { parent: 'revenue:dept-sales', owner: { type: 'team', id: 'team-enterprise' }, weight: 4 },
      { parent: 'revenue:dept-sales', owner: { type: 'team', id: 'team-smb' }, weight: 3 },
    ],
    [{ parent: 'revenue:dept-partners', owner: { type: 'team', id: 'team-channel' }, weight: 1 }],
    ...Object.entries(demoRepsByTeam).map(([team, reps]) =>
      reps.map((rep, i) => ({ parent: `revenue:${team}`, owner: { type: 'user' as const, id: rep }, weight: team === 'team-smb' ? 1 : [3, 2][i]! })),
    ),
  ];
  for (const siblings of cascade) {
    const parent = goals.find((g) => g.key === siblings[0]!.parent)!;
    const targets = splitAmount(parent.body.target, siblings.map((s) => s.weight));
    siblings.forEach((sibling, i) =>
      add(`revenue:${sibling.owner.id}`, { name: `Revenue ${day.year} — ${displayName(sibling.owner.id)}`, metricId: revenue, owner: sibling.owner, period: year, target: targets[i]! }, sibling.parent),
    );
  }

  // This quarter's won deals, organization → teams.
  const dealCount = metricId('deal-count');
  add('deals:org', { name: `Deals won ${quarterName}`, metricId: dealCount, owner: { type: 'organization', id: 'org' }, period: quarter, target: '60' });
  for (const [team, target] of [['team-enterprise', '12'], ['team-smb', '30'], ['team-channel', '18']] as const) {
    add(`deals:${team}`, { name: `Deals won ${quarterName} — ${displayName(team)}`, metricId: dealCount, owner: { type: 'team', id: team }, period: quarter, target }, 'deals:org');
  }

  // Activity goals: calls per rep this month, meetings per team this quarter.
  for (const rep of Object.values(demoRepsByTeam).flat()) {
    add(`calls:${rep}`, { name: `Calls ${monthName} — ${displayName(rep)}`, metricId: metricId('calls-made'), owner: { type: 'user', id: rep }, period: month, target: '40' });
  }
  for (const team of Object.keys(demoRepsByTeam)) {
    add(`meetings:${team}`, { name: `Meetings ${quarterName} — ${displayName(team)}`, metricId: metricId('meetings-held'), owner: { type: 'team', id: team }, period: quarter, target: '25' });
  }

  // A few single goals: leads for Partner Sales, open pipeline, and a zone bonus.
  add('leads:dept-partners', { name: `Leads ${day.year} — Partner Sales`, metricId: metricId('leads-generated'), owner: { type: 'department', id: 'dept-partners' }, period: year, target: '120' });
  add('pipeline:org', { name: 'Open pipeline', metricId: metricId('pipeline-value'), owner: { type: 'organization', id: 'org' }, period: year, target: '1500000.00' });
  add('revenue-north:u-anna', {
    name: `North zone revenue ${quarterName} — ${displayName('u-anna')}`,
    metricId: revenue,
    owner: { type: 'user', id: 'u-anna' },
    period: quarter,
    target: '200000.00',
    filter: { field: 'zone', op: 'in', value: ['north'] },
    bonus: { amount: '1000.00', currency: 'EUR' },
  });
  return goals;
}
