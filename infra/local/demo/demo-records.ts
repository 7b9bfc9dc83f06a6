import { DateTime } from 'luxon';
import { parseCents } from './cents.ts';
import { demoGoals } from './demo-goals.ts';
import { demoRepsByTeam, demoTimeZone, demoUsers } from './demo-organization.ts';
import { SeededRandom } from './seeded-random.ts';

/** One entry of `POST /records/batch`. */
export interface DemoRecord {
  recordType: 'deal' | 'lead' | 'activity';
  id: string;
  ownerId: string;
  updatedAt: string;
  splits?: { ownerId: string; percent: number }[];
  [field: string]: unknown;
}

const companies = ['Fjord Foods', 'Nordlys Energy', 'Polar Logistics', 'Vik Media', 'Berg Bygg', 'Havn Shipping', 'Skog Paper', 'Lys Retail', 'Tind Software', 'Elv Health'];
const products = ['platform', 'analytics', 'services', 'support'];
// Deal sizes in whole euros per team, so that each team's revenue target takes about its target of
// deals won a quarter (enterprise: 2.4 M a year in 48 deals; SMB 1.8 M in 120; channel 1.8 M in 72).
const dealSize: Record<string, readonly [number, number]> = { 'team-enterprise': [20_000, 80_000], 'team-smb': [5_000, 25_000], 'team-channel': [10_000, 40_000] };
// Each rep's open pipeline in euros: together 1.65 M, over the 1.5 M target of "Open pipeline".
const pipeline: Record<string, number> = { 'team-enterprise': 400_000, 'team-smb': 150_000, 'team-channel': 275_000 };

/**
 * How each rep does against the pace of their goals (1 = exactly on pace), so the demo shows a
 * spread whatever the date: Anna ahead, Bjorn on track, the SMB team (Carla, Dev) short of target.
 */
const form: Record<string, { sales: number; calls: number; meetings: number }> = {
  'u-anna': { sales: 1.18, calls: 1.1, meetings: 1.15 },
  'u-bjorn': { sales: 0.99, calls: 1.2, meetings: 0.95 },
  'u-carla': { sales: 0.86, calls: 0.9, meetings: 0.85 },
  'u-dev': { sales: 0.74, calls: 0.75, meetings: 0.8 },
  'u-emma': { sales: 1.09, calls: 1.0, meetings: 1.05 },
  'u-felix': { sales: 1.01, calls: 0.95, meetings: 1.1 },
};
const lostPerWon = 1.2;
const tasksPerMonth = 8;

/**
 * Deals, leads and activities of the year of `now` in the demo's time zone (Europe/Oslo), paced on
 * the demo's goals (`demoGoals`) as a real company mid-period would be: each rep's won revenue, leads,
 * calls this month and meetings this quarter run at their `form` times the pace of the target, so
 * calls this month grow with the days elapsed. Closed deals and leads fall between 1 January and
 * `now`, activities between the start of the quarter and `now`, open deals are expected to close
 * between `now` and 31 December. The same `now` and seed always give the same records.
 */
export function demoRecords(now: Date, seed = 20_260_101): DemoRecord[] {
  const random = new SeededRandom(seed);
  const current = DateTime.fromJSDate(now, { zone: demoTimeZone }).set({ millisecond: 0 });
  const yearStart = current.startOf('year');
  const yearEnd = current.endOf('year').set({ millisecond: 0 });
  const quarterStart = current.startOf('quarter');
  const goals = demoGoals(current.toISODate()!);
  const targetOf = (key: string): number => Number(parseCents(goals.find((g) => g.key === key)!.body.target) / 100n);
  const at = (ms: number): DateTime => DateTime.fromMillis(Math.floor(ms / 1000) * 1000, { zone: demoTimeZone });
  const instant = (from: DateTime, to: DateTime): DateTime => at(from.toMillis() + random.next() * Math.max(0, to.toMillis() - from.toMillis()));
  /** `count` instants spread evenly over [from, to), each at a random place in its own slot; those after `now` left out. */
  const evenly = (from: DateTime, to: DateTime, count: number): DateTime[] => {
    const [span, n] = [to.toMillis() - from.toMillis(), Math.round(count)];
    return Array.from({ length: n }, (_, k) => at(from.toMillis() + ((k + random.next()) / n) * span)).filter((t) => t <= current);
  };
  const iso = (t: DateTime): string => t.toISO({ suppressMilliseconds: true })!;
  const zonesOf = (rep: string): readonly string[] => demoUsers.find((u) => u.id === rep)?.zones ?? ['north'];
  // A rep's deals take their zones in turn, so a zone's goal gets its share of the rep's pace.
  const dealsOf = new Map<string, number>();
  const zoneOf = (rep: string): string => {
    const zones = zonesOf(rep);
    dealsOf.set(rep, (dealsOf.get(rep) ?? 0) + 1);
    return zones[dealsOf.get(rep)! % zones.length]!;
  };
  const euros = ([min, max]: readonly [number, number]): number => Math.round(random.int(min, max) / 50) * 50;
  const number = (n: number): string => String(n).padStart(4, '0');
  const records: DemoRecord[] = [];
  const ids = { deal: 0, lead: 0, activity: 0 };
  const nextId = (type: keyof typeof ids): string => `${type[0]}-${number(++ids[type])}`;

  const deal = (ownerId: string, team: string, fields: Record<string, unknown>, lastChange: DateTime, amount: number, currency = 'EUR'): void => {
    const record: DemoRecord = {
      recordType: 'deal',
      id: nextId('deal'),
      ownerId,
      updatedAt: iso(lastChange),
      name: `${random.pick(companies)} ${random.pick(products)}`,
      product: random.pick(products),
      amount: `${amount}.00`,
      currency,
      zone: zoneOf(ownerId),
      ...fields,
    };
    if (fields.status === 'won' && random.chance(0.06)) {
      const partner = random.pick(demoRepsByTeam[team]!.filter((rep) => rep !== ownerId));
      const share = random.pick([50, 60, 70]);
      record.splits = [
        { ownerId, percent: share },
        { ownerId: partner, percent: 100 - share },
      ];
    }
    records.push(record);
  };
  const closed = (status: 'won' | 'lost', closedAt: DateTime) => {
    const createdAt = DateTime.max(yearStart, closedAt.minus({ days: random.int(7, 90) }));
    return { status, createdAt: iso(createdAt), closedAt: iso(closedAt) };
  };

  for (const [team, reps] of Object.entries(demoRepsByTeam)) {
    for (const rep of reps) {
      const size = dealSize[team]!;
      // Won deals: each closes when the rep's revenue at its pace passes it, so the revenue to date is on that pace.
      const perYear = targetOf(`revenue:${rep}`) * form[rep]!.sales;
      const yearMs = yearEnd.toMillis() - yearStart.toMillis();
      let sold = 0;
      for (;;) {
        const amount = euros(size);
        const closedAt = at(yearStart.toMillis() + ((sold + random.next() * amount) / perYear) * yearMs);
        if (closedAt > current) break;
        // A few deals are sold in dollars: they do not count for the euro revenue (skipped, reason currency).
        const dollars = random.chance(0.04);
        if (!dollars) sold += amount;
        deal(rep, team, closed('won', closedAt), closedAt, amount, dollars ? 'USD' : 'EUR');
      }
      const wonPerYear = perYear / ((size[0] + size[1]) / 2);
      for (const closedAt of evenly(yearStart, yearEnd, wonPerYear * lostPerWon)) deal(rep, team, closed('lost', closedAt), closedAt, euros(size));
      // Open deals, in euros, until the rep's pipeline is reached.
      for (let open = 0; open < pipeline[team]!; ) {
        const amount = euros(size);
        open += amount;
        const createdAt = instant(DateTime.max(yearStart, current.minus({ days: 120 })), current);
        const stageChangedAt = instant(createdAt, current);
        const expectedCloseAt = instant(current, DateTime.min(yearEnd, current.plus({ days: 120 })));
        const fields = { status: 'open', createdAt: iso(createdAt), stage: random.pick(['qualification', 'proposal', 'negotiation']), stageChangedAt: iso(stageChangedAt), expectedCloseAt: iso(expectedCloseAt) };
        deal(rep, team, fields, stageChangedAt, amount);
      }
    }
  }

  // Leads: Partner Sales' target over its reps, and as many for the other reps.
  const partnerReps = demoRepsByTeam['team-channel']!;
  for (const rep of Object.values(demoRepsByTeam).flat()) {
    for (const createdAt of evenly(yearStart, yearEnd, (targetOf('leads:dept-partners') / partnerReps.length) * form[rep]!.sales)) {
      const qualifiedAt = random.chance(0.4) ? DateTime.min(current, createdAt.plus({ days: random.int(1, 20), hours: random.int(0, 8) })) : undefined;
      records.push({
        recordType: 'lead',
        id: nextId('lead'),
        ownerId: rep,
        updatedAt: iso(qualifiedAt ?? createdAt),
        status: qualifiedAt ? 'qualified' : 'new',
        source: random.pick(['web', 'event', 'referral', 'partner', 'outbound']),
        company: random.pick(companies),
        createdAt: iso(createdAt),
        ...(qualifiedAt ? { qualifiedAt: iso(qualifiedAt) } : {}),
      });
    }
  }

  // Activities of this quarter: calls at each month's pace, meetings at the quarter's, tasks alongside.
  const activity = (ownerId: string, type: string, completedAt: DateTime) =>
    records.push({ recordType: 'activity', id: nextId('activity'), ownerId, updatedAt: iso(completedAt), type, completedAt: iso(completedAt) });
  for (const [team, reps] of Object.entries(demoRepsByTeam)) {
    for (const rep of reps) {
      for (let month = quarterStart; month <= current; month = month.plus({ months: 1 })) {
        const monthEnd = month.plus({ months: 1 });
        for (const t of evenly(month, monthEnd, targetOf(`calls:${rep}`) * form[rep]!.calls)) activity(rep, 'call', t);
        for (const t of evenly(month, monthEnd, tasksPerMonth)) activity(rep, 'task', t);
      }
      for (const t of evenly(quarterStart, quarterStart.plus({ months: 3 }), (targetOf(`meetings:${team}`) / reps.length) * form[rep]!.meetings)) activity(rep, 'meeting', t);
    }
  }
  return records;
}
