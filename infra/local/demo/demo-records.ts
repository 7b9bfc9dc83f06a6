import { DateTime } from 'luxon';
import { formatCents } from './cents.ts';
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

export interface DemoRecordCounts {
  readonly deals: number;
  readonly leads: number;
  readonly activities: number;
}

const defaultCounts: DemoRecordCounts = { deals: 300, leads: 200, activities: 500 };
const companies = ['Fjord Foods', 'Nordlys Energy', 'Polar Logistics', 'Vik Media', 'Berg Bygg', 'Havn Shipping', 'Skog Paper', 'Lys Retail', 'Tind Software', 'Elv Health'];
const products = ['platform', 'analytics', 'services', 'support'];
// Deal sizes in whole euros per team: enterprise deals are large, SMB deals small.
const dealSize: Record<string, readonly [number, number]> = { 'team-enterprise': [20_000, 120_000], 'team-smb': [2_000, 20_000], 'team-channel': [5_000, 50_000] };

/**
 * Deals, leads and activities spread over the year of `now` in the demo's time zone (Europe/Oslo):
 * closed deals, leads and activities between 1 January and `now`, open deals expected to close
 * between `now` and 31 December. The same `now` and seed always give the same records.
 */
export function demoRecords(now: Date, seed = 20_260_101, counts: DemoRecordCounts = defaultCounts): DemoRecord[] {
  const random = new SeededRandom(seed);
  const current = DateTime.fromJSDate(now, { zone: demoTimeZone }).set({ millisecond: 0 });
  const yearStart = current.startOf('year');
  const yearEnd = current.endOf('year').set({ millisecond: 0 });
  const instant = (from: DateTime, to: DateTime): DateTime => {
    const span = Math.max(0, to.toMillis() - from.toMillis());
    return DateTime.fromMillis(from.toMillis() + Math.floor(random.next() * span), { zone: demoTimeZone }).set({ millisecond: 0 });
  };
  const iso = (at: DateTime): string => at.toISO({ suppressMilliseconds: true })!;
  const teamOf = (rep: string): string => Object.entries(demoRepsByTeam).find(([, reps]) => reps.includes(rep))![0];
  const zonesOf = (rep: string): readonly string[] => demoUsers.find((u) => u.id === rep)?.zones ?? ['north'];
  const reps = Object.values(demoRepsByTeam).flat();
  const number = (n: number): string => String(n).padStart(4, '0');
  const records: DemoRecord[] = [];

  for (let i = 1; i <= counts.deals; i++) {
    const ownerId = random.pick(reps);
    const team = teamOf(ownerId);
    const [min, max] = dealSize[team]!;
    const status = random.weighted([['won', 45], ['lost', 20], ['open', 35]] as const);
    const amount = formatCents(BigInt(Math.round(random.int(min, max) / 50) * 50) * 100n);
    const currency = random.chance(0.04) ? 'USD' : 'EUR';
    const deal: DemoRecord = {
      recordType: 'deal',
      id: `d-${number(i)}`,
      ownerId,
      updatedAt: '',
      name: `${random.pick(companies)} ${random.pick(products)}`,
      product: random.pick(products),
      status,
      amount,
      currency,
      zone: random.pick(zonesOf(ownerId)),
    };
    let lastChange: DateTime;
    if (status === 'open') {
      const createdAt = instant(yearStart, current);
      const stageChangedAt = instant(createdAt, current);
      Object.assign(deal, {
        createdAt: iso(createdAt),
        stage: random.pick(['qualification', 'proposal', 'negotiation']),
        stageChangedAt: iso(stageChangedAt),
        expectedCloseAt: iso(instant(current, yearEnd)),
      });
      lastChange = stageChangedAt;
    } else {
      const closedAt = instant(yearStart, current);
      const createdAt = DateTime.max(yearStart, closedAt.minus({ days: random.int(7, 90) }));
      Object.assign(deal, { createdAt: iso(createdAt), closedAt: iso(closedAt) });
      lastChange = closedAt;
    }
    deal.updatedAt = iso(lastChange);
    if (random.chance(0.08)) {
      const partner = random.pick(demoRepsByTeam[team]!.filter((rep) => rep !== ownerId));
      const share = random.pick([50, 60, 70]);
      deal.splits = [
        { ownerId, percent: share },
        { ownerId: partner, percent: 100 - share },
      ];
    }
    records.push(deal);
  }

  for (let i = 1; i <= counts.leads; i++) {
    const createdAt = instant(yearStart, current);
    const qualified = random.chance(0.4);
    const qualifiedAt = qualified ? DateTime.min(current, createdAt.plus({ days: random.int(1, 20), hours: random.int(0, 8) })) : undefined;
    records.push({
      recordType: 'lead',
      id: `l-${number(i)}`,
      ownerId: random.pick(reps),
      updatedAt: iso(qualifiedAt ?? createdAt),
      status: qualified ? 'qualified' : 'new',
      source: random.pick(['web', 'event', 'referral', 'partner', 'outbound']),
      company: random.pick(companies),
      createdAt: iso(createdAt),
      ...(qualifiedAt ? { qualifiedAt: iso(qualifiedAt) } : {}),
    });
  }

  for (let i = 1; i <= counts.activities; i++) {
    const completedAt = instant(yearStart, current);
    records.push({
      recordType: 'activity',
      id: `a-${number(i)}`,
      ownerId: random.pick(reps),
      updatedAt: iso(completedAt),
      type: random.weighted([['call', 60], ['meeting', 25], ['task', 15]] as const),
      completedAt: iso(completedAt),
    });
  }
  return records;
}
