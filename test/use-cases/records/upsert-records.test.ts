import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../../functions/shared/errors.ts';
import { deleteRecord } from '../../../functions/use-cases/records/delete-record.ts';
import { upsertRecord } from '../../../functions/use-cases/records/upsert-record.ts';
import { upsertRecords } from '../../../functions/use-cases/records/upsert-records.ts';
import { after, as, deal, recordPorts, tenant } from './record-fixtures.ts';

const admin = as('admin');

describe('upsertRecords', () => {
  it('answers one outcome per record, in order, as the single upserts would', async () => {
    // Prepare
    const ports = recordPorts();
    await upsertRecord(ports, admin, deal());
    await upsertRecord(ports, admin, deal({ id: 'd-2', updatedAt: '2026-03-05T00:00:00Z' }));

    // Act
    const outcomes = await upsertRecords(ports, admin, [
      deal({ recordType: 'lead', id: 'l-1', updatedAt: '2026-01-10T09:00:00Z' }),
      deal({ updatedAt: '2026-03-03T00:00:00Z' }, { status: 'lost' }),
      deal({ id: 'd-2', updatedAt: '2026-03-04T00:00:00Z' }, { status: 'open' }),
    ]);

    // Assess
    expect(outcomes).toEqual([{ applied: true, created: true }, { applied: true, created: false }, { applied: false }]);
    expect((await ports.records.get(tenant, 'deal', 'd-1'))?.fields.status).toBe('lost');
    expect(await ports.records.get(tenant, 'deal', 'd-2')).toMatchObject({ updatedAt: '2026-03-05T00:00:00Z', fields: { status: 'won' } });
  });

  it("applies the same record several times in the batch's order: every newer version after the one before, every older one refused", async () => {
    // Prepare
    const ports = recordPorts();
    const version = (id: string, minute: number) => deal({ id, updatedAt: `2026-05-01T10:${String(minute).padStart(2, '0')}:00Z` }, { amount: `${minute}.00` });
    const minutes = Array.from({ length: 30 }, (_, i) => i + 1);

    // Act
    const ascending = await upsertRecords(ports, admin, [...minutes.map((m) => version('d-up', m)), deal({ recordType: 'lead', id: 'd-up' })]);
    const descending = await upsertRecords(ports, admin, [...minutes].reverse().map((m) => version('d-down', m)));

    // Assess
    expect(ascending).toEqual([{ applied: true, created: true }, ...minutes.slice(1).map(() => ({ applied: true, created: false })), { applied: true, created: true }]);
    expect(descending).toEqual([{ applied: true, created: true }, ...minutes.slice(1).map(() => ({ applied: false }))]);
    expect((await ports.records.get(tenant, 'deal', 'd-up'))?.fields.amount).toBe('30.00');
    expect((await ports.records.get(tenant, 'deal', 'd-down'))?.fields.amount).toBe('30.00');
  });

  it('applies an equal updatedAt again within one batch', async () => {
    // Prepare
    const ports = recordPorts();
    await upsertRecord(ports, admin, deal());

    // Act
    const outcomes = await upsertRecords(ports, admin, [deal({}, { status: 'open' }), deal({}, { status: 'lost' })]);

    // Assess
    expect(outcomes).toEqual([{ applied: true, created: false }, { applied: true, created: false }]);
    expect((await ports.records.get(tenant, 'deal', 'd-1'))?.fields.status).toBe('lost');
  });

  it('answers a batch around a delete as the single upserts would: older ignored, newer re-created, then updated', async () => {
    // Prepare
    const ports = recordPorts();
    await upsertRecord(ports, admin, deal());
    await deleteRecord(ports, admin, { recordType: 'deal', id: 'd-1' });
    const at = (updatedAt: string, amount: string) => deal({ updatedAt }, { amount });
    const nowMs = ports.clock.now();

    // Act
    const outcomes = await upsertRecords(ports, admin, [at(deal().updatedAt, '1.00'), at(after(nowMs, 60), '2.00'), at(after(nowMs, 120), '3.00'), at(deal().updatedAt, '4.00')]);

    // Assess
    expect(outcomes).toEqual([{ applied: false }, { applied: true, created: true }, { applied: true, created: false }, { applied: false }]);
    expect((await ports.records.get(tenant, 'deal', 'd-1'))?.fields.amount).toBe('3.00');
  });

  it('lets admins and integrations write batches, and no other role', async () => {
    // Prepare
    const ports = recordPorts();

    // Act
    const integration = await upsertRecords(ports, as('integration'), [deal({ id: 'd-int' })]);
    const manager = upsertRecords(ports, as('manager'), [deal({ id: 'd-role' })]);
    const member = upsertRecords(ports, as('member'), [deal({ id: 'd-role' })]);

    // Assess
    expect(integration).toEqual([{ applied: true, created: true }]);
    await expect(manager).rejects.toThrow(ForbiddenError);
    await expect(member).rejects.toThrow(ForbiddenError);
    expect(await ports.records.get(tenant, 'deal', 'd-role')).toBeUndefined();
  });
});
