import { describe, expect, it } from 'vitest';
import type { RecordInput as StoredRecord } from '../../../core/model/record-input.ts';
import type { RecordWarning } from '../../../core/rollup/record-warnings.ts';
import { upsertRecord } from '../../../functions/use-cases/records/upsert-record.ts';
import { upsertRecords } from '../../../functions/use-cases/records/upsert-records.ts';
import { countMetric, revenueMetric, user } from '../../core/support/tenant-fixtures.ts';
import type { MemoryPorts } from '../../support/memory/ports.ts';
import { as, deal, recordPorts, tenant } from './record-fixtures.ts';

const admin = as('admin');

/** The ports of a tenant with revenue (EUR) and deals-won metrics on deals, and the users u-1 and u-2. */
async function tenantPorts(): Promise<MemoryPorts> {
  const ports = recordPorts();
  await ports.settings.put(tenant, { ...(await ports.settings.get(tenant)), timezone: 'Europe/Oslo', defaultCurrency: 'EUR' }, 0);
  for (const metric of [revenueMetric(), countMetric()]) await ports.metrics.create(tenant, metric);
  for (const id of ['u-1', 'u-2']) await ports.users.put(tenant, user(id, [{ unitId: 'org' }]), 0);
  return ports;
}

/** A won EUR deal of u-1 that both metrics count as it is. */
const clean = (overrides: Partial<StoredRecord> = {}, fields: StoredRecord['fields'] = {}) => deal(overrides, { currency: 'EUR', ...fields });

/** The ports, with a count of the reads that checking warnings makes. */
function counting(ports: MemoryPorts) {
  const reads = { metrics: 0, settings: 0, user: 0, users: 0 };
  const counted: MemoryPorts = {
    ...ports,
    metrics: { ...ports.metrics, all: (t) => (reads.metrics++, ports.metrics.all(t)) },
    settings: { ...ports.settings, get: (t, o) => (reads.settings++, ports.settings.get(t, o)) },
    users: { ...ports.users, get: (t, id) => (reads.user++, ports.users.get(t, id)), existing: (t, ids) => (reads.users++, ports.users.existing(t, ids)) },
  };
  return { ports: counted, reads };
}

/** The warnings of an outcome as [code, field, metricId]; undefined when it has none. */
const codesOf = (result: object) =>
  'warnings' in result ? (result.warnings as RecordWarning[]).map((w) => [w.code, w.field, w.metricId]) : undefined;

describe('upsertRecord: warnings', () => {
  it('answers no warnings for a record every metric of its type counts as it is', async () => {
    const result = await upsertRecord(await tenantPorts(), admin, clean());
    expect(result).toEqual({ applied: true, created: true, record: clean() });
  });

  it('answers no warnings for a record type no metric reads, whatever it holds', async () => {
    const result = await upsertRecord(await tenantPorts(), admin, deal({ recordType: 'lead', ownerId: 'nobody' }, { closedAt: 'soon', amount: 'n/a' }));
    expect(result).toMatchObject({ applied: true, created: true });
    expect(result).not.toHaveProperty('warnings');
  });

  it('warns unknown_owner for an owner or split owner who is no user, and stores the record all the same', async () => {
    // Prepare
    const ports = await tenantPorts();
    const record = clean({ ownerId: 'u-9', splits: [{ ownerId: 'u-9', percent: 50 }, { ownerId: 'u-2', percent: 25 }, { ownerId: 'u-8', percent: 25 }] });

    // Act
    const result = await upsertRecord(ports, admin, record);

    // Assess
    expect(codesOf(result)).toEqual([
      ['unknown_owner', 'ownerId', undefined],
      ['unknown_owner', 'splits', undefined],
    ]);
    expect(await ports.records.get(tenant, 'deal', 'd-1')).toEqual(record);
  });

  // Metrics come in id order: deals, then revenue.
  it("warns bad_date, for each metric, when the record lacks the metric's date field or it holds no date", async () => {
    for (const closedAt of [null, 'next week']) {
      const result = await upsertRecord(await tenantPorts(), admin, clean({}, { closedAt }));
      expect(codesOf(result), String(closedAt)).toEqual([
        ['bad_date', 'closedAt', 'deals'],
        ['bad_date', 'closedAt', 'revenue'],
      ]);
    }
  });

  it("warns bad_value when an amount metric's value field is not a number or decimal", async () => {
    const result = await upsertRecord(await tenantPorts(), admin, clean({}, { amount: '1.200,50' }));
    expect(codesOf(result)).toEqual([['bad_value', 'amount', 'revenue']]);
  });

  it("warns currency_missing for a money metric's record without currency, naming the default it counts in", async () => {
    const result = await upsertRecord(await tenantPorts(), admin, deal());
    expect(codesOf(result)).toEqual([['currency_missing', 'currency', 'revenue']]);
    expect(result).toMatchObject({ warnings: [{ message: expect.stringContaining('EUR') }] });
  });

  it('answers no warnings when the record is not applied: what was sent is not what is stored', async () => {
    // Prepare
    const ports = await tenantPorts();
    await upsertRecord(ports, admin, clean());

    // Act
    const stale = await upsertRecord(ports, admin, clean({ ownerId: 'u-9', updatedAt: '2026-01-01T00:00:00Z' }, { amount: 'n/a' }));

    // Assess
    expect(stale).toEqual({ applied: false, record: clean() });
  });

  it('reads the metrics, and the settings and owners only for a record type a metric reads', async () => {
    // Prepare
    const { ports, reads } = counting(await tenantPorts());

    // Act
    await upsertRecord(ports, admin, clean({ recordType: 'lead' }));
    const unread = { ...reads };
    await upsertRecord(ports, admin, clean());

    // Assess
    expect(unread).toEqual({ metrics: 1, settings: 0, user: 0, users: 0 });
    expect(reads).toEqual({ metrics: 2, settings: 1, user: 0, users: 1 });
  });
});

describe('upsertRecords: warnings', () => {
  it('warns each applied entry of its own record, and no entry that was not applied', async () => {
    // Prepare
    const ports = await tenantPorts();

    // Act
    const outcomes = await upsertRecords(ports, admin, [
      clean({ id: 'ok' }),
      clean({ id: 'no-owner', ownerId: 'u-9' }),
      clean({ id: 'no-date' }, { closedAt: '' }),
      clean({ id: 'no-value' }, { amount: 'lots' }),
      deal({ id: 'no-currency' }),
      clean({ id: 'no-currency', updatedAt: '2026-01-01T00:00:00Z' }, { amount: 'lots' }),
      clean({ recordType: 'call', id: 'unread', ownerId: 'u-9' }, { closedAt: 'never' }),
    ]);

    // Assess
    expect(outcomes.map((o) => ('warnings' in o ? codesOf(o) : o))).toEqual([
      { applied: true, created: true },
      [['unknown_owner', 'ownerId', undefined]],
      [['bad_date', 'closedAt', 'deals'], ['bad_date', 'closedAt', 'revenue']],
      [['bad_value', 'amount', 'revenue']],
      [['currency_missing', 'currency', 'revenue']],
      { applied: false },
      { applied: true, created: true },
    ]);
  });

  it('gives the same id twice in one batch the warnings of each version it applies', async () => {
    const outcomes = await upsertRecords(await tenantPorts(), admin, [
      clean({ updatedAt: '2026-03-01T10:00:00Z' }, { amount: 'tbd' }),
      clean({ updatedAt: '2026-03-02T10:00:00Z' }),
      clean({ updatedAt: '2026-03-03T10:00:00Z' }, { closedAt: null }),
    ]);
    expect(outcomes.map((o) => ('warnings' in o ? codesOf(o) : o))).toEqual([
      [['bad_value', 'amount', 'revenue']],
      { applied: true, created: false },
      [['bad_date', 'closedAt', 'deals'], ['bad_date', 'closedAt', 'revenue']],
    ]);
  });

  it('reads metrics, settings and owners once for the whole batch, not once per entry', async () => {
    // Prepare
    const { ports, reads } = counting(await tenantPorts());
    const records = Array.from({ length: 50 }, (_, i) => clean({ id: `d-${i}`, ownerId: i % 2 === 0 ? 'u-1' : `u-x${i}` }));

    // Act
    const outcomes = await upsertRecords(ports, admin, records);

    // Assess
    expect(reads).toEqual({ metrics: 1, settings: 1, user: 0, users: 1 });
    expect(outcomes.filter((o) => 'warnings' in o)).toHaveLength(25);
  });

  it('reads nothing for a batch with no record to write (every entry invalid)', async () => {
    const { ports, reads } = counting(await tenantPorts());
    expect(await upsertRecords(ports, admin, [])).toEqual([]);
    expect(reads).toEqual({ metrics: 0, settings: 0, user: 0, users: 0 });
  });

  it('reads neither settings nor users when no metric reads the batch’s record types', async () => {
    const { ports, reads } = counting(await tenantPorts());
    await upsertRecords(ports, admin, [clean({ recordType: 'lead', id: 'l-1' }), clean({ recordType: 'call', id: 'c-1' })]);
    expect(reads).toEqual({ metrics: 1, settings: 0, user: 0, users: 0 });
  });
});
