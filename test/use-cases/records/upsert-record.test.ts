import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../../functions/shared/errors.ts';
import { deleteRecord } from '../../../functions/use-cases/records/delete-record.ts';
import { upsertRecord } from '../../../functions/use-cases/records/upsert-record.ts';
import { after, as, deal, recordPorts, tenant } from './record-fixtures.ts';

const admin = as('admin');

describe('upsertRecord', () => {
  it('creates a record (applied, created), then replaces every field with a newer version (applied, not created)', async () => {
    // Prepare
    const ports = recordPorts();
    const newer = deal({ ownerId: 'u-2', updatedAt: '2026-03-02T08:00:00Z' }, { status: 'lost' });

    // Act
    const created = await upsertRecord(ports, admin, deal());
    const updated = await upsertRecord(ports, admin, { ...newer, fields: { status: 'lost' } });

    // Assess
    expect(created).toEqual({ applied: true, created: true, record: deal() });
    expect(updated).toEqual({ applied: true, created: false, record: { ...newer, fields: { status: 'lost' } } });
    expect(await ports.records.get(tenant, 'deal', 'd-1')).toEqual({ ...newer, fields: { status: 'lost' } });
  });

  it('ignores an older version and answers the stored record', async () => {
    // Prepare
    const ports = recordPorts();
    await upsertRecord(ports, admin, deal());

    // Act
    const stale = await upsertRecord(ports, admin, deal({ updatedAt: '2026-02-28T23:59:59Z' }, { status: 'open' }));

    // Assess
    expect(stale).toEqual({ applied: false, record: deal() });
    expect(await ports.records.get(tenant, 'deal', 'd-1')).toEqual(deal());
  });

  it('compares updatedAt as instants, not as text, across offsets', async () => {
    // Prepare: stored at 11:00Z (12:00+01:00)
    const ports = recordPorts();
    await upsertRecord(ports, admin, deal());

    // Act
    const olderThoughLargerText = await upsertRecord(ports, admin, deal({ updatedAt: '2026-03-01T12:30:00+02:00' }, { status: 'open' }));
    const newerThoughSmallerText = await upsertRecord(ports, admin, deal({ updatedAt: '2026-03-01T11:30:00Z' }, { status: 'lost' }));

    // Assess
    expect(olderThoughLargerText.applied).toBe(false);
    expect(newerThoughSmallerText).toMatchObject({ applied: true, created: false });
    expect(await ports.records.get(tenant, 'deal', 'd-1')).toMatchObject({ updatedAt: '2026-03-01T11:30:00Z', fields: { status: 'lost' } });
  });

  it('applies a redelivery with the same updatedAt again', async () => {
    // Prepare
    const ports = recordPorts();
    await upsertRecord(ports, admin, deal());

    // Act
    const again = await upsertRecord(ports, admin, deal({}, { status: 'open' }));

    // Assess
    expect(again).toMatchObject({ applied: true, created: false });
    expect((await ports.records.get(tenant, 'deal', 'd-1'))?.fields.status).toBe('open');
  });

  it('keeps records of different types with the same id, and of different tenants, apart', async () => {
    // Prepare
    const ports = recordPorts();
    await upsertRecord(ports, admin, deal());

    // Act
    const lead = await upsertRecord(ports, admin, deal({ recordType: 'lead', ownerId: 'u-9' }));
    const otherTenant = await upsertRecord(ports, as('admin', 'other'), deal({ updatedAt: '2020-01-01T00:00:00Z' }, { status: 'other' }));

    // Assess: creates, not stale updates of the first record
    expect(lead).toMatchObject({ applied: true, created: true });
    expect(otherTenant).toMatchObject({ applied: true, created: true });
    expect(await ports.records.get(tenant, 'deal', 'd-1')).toEqual(deal());
  });

  it('lets admins and integrations write records, and no other role', async () => {
    // Prepare
    const ports = recordPorts();

    // Act
    const integration = await upsertRecord(ports, as('integration'), deal({ id: 'd-int' }));
    const manager = upsertRecord(ports, as('manager'), deal({ id: 'd-manager' }));
    const member = upsertRecord(ports, as('member'), deal({ id: 'd-member' }));

    // Assess
    expect(integration).toMatchObject({ applied: true, created: true });
    await expect(manager).rejects.toThrow(ForbiddenError);
    await expect(member).rejects.toThrow(ForbiddenError);
    expect(await ports.records.get(tenant, 'deal', 'd-manager')).toBeUndefined();
  });

  it('ignores a delayed version from before a delete (answering the refused version) and re-creates from a newer one', async () => {
    // Prepare
    const ports = recordPorts();
    await upsertRecord(ports, admin, deal());
    await deleteRecord(ports, admin, { recordType: 'deal', id: 'd-1' });
    const newer = deal({ updatedAt: after(ports.clock.now(), 60) }, { amount: '99.00' });

    // Act
    const delayed = await upsertRecord(ports, admin, deal());
    const stillDeleted = await ports.records.get(tenant, 'deal', 'd-1');
    const recreated = await upsertRecord(ports, admin, newer);

    // Assess
    expect(delayed).toEqual({ applied: false, record: deal() });
    expect(stillDeleted).toBeUndefined();
    expect(recreated).toEqual({ applied: true, created: true, record: newer });
    expect(await ports.records.get(tenant, 'deal', 'd-1')).toEqual(newer);
  });

  it('lets any version through once the tombstone is past its 30 days', async () => {
    // Prepare
    const ports = recordPorts();
    await upsertRecord(ports, admin, deal());
    await deleteRecord(ports, admin, { recordType: 'deal', id: 'd-1' });
    ports.clock.advance(29 * 86_400_000);
    const within = await upsertRecord(ports, admin, deal());
    ports.clock.advance(2 * 86_400_000);

    // Act
    const past = await upsertRecord(ports, admin, deal());

    // Assess
    expect(within.applied).toBe(false);
    expect(past).toMatchObject({ applied: true, created: true });
  });
});
