import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../../../functions/shared/errors.ts';
import { deleteRecord } from '../../../functions/use-cases/records/delete-record.ts';
import { getRecord } from '../../../functions/use-cases/records/get-record.ts';
import { upsertRecord } from '../../../functions/use-cases/records/upsert-record.ts';
import { as, deal, recordPorts, tenant } from './record-fixtures.ts';

const admin = as('admin');
const d1 = { recordType: 'deal', id: 'd-1' };

async function withDeal() {
  const ports = recordPorts();
  await upsertRecord(ports, admin, deal());
  return ports;
}

describe('deleteRecord', () => {
  it('deletes the record; it is gone and a second delete is NotFoundError', async () => {
    // Prepare
    const ports = await withDeal();

    // Act
    await deleteRecord(ports, admin, d1);
    const again = deleteRecord(ports, admin, d1);

    // Assess
    expect(await ports.records.get(tenant, 'deal', 'd-1')).toBeUndefined();
    await expect(again).rejects.toThrow(NotFoundError);
  });

  it('lets integrations delete records', async () => {
    // Prepare
    const ports = await withDeal();

    // Act
    await deleteRecord(ports, as('integration'), d1);

    // Assess
    expect(await ports.records.get(tenant, 'deal', 'd-1')).toBeUndefined();
  });

  it("answers NotFoundError for another tenant's record and leaves it in place", async () => {
    // Prepare
    const ports = await withDeal();

    // Act
    const foreign = deleteRecord(ports, as('admin', 'other'), d1);

    // Assess
    await expect(foreign).rejects.toThrow(NotFoundError);
    expect(await ports.records.get(tenant, 'deal', 'd-1')).toEqual(deal());
  });

  it('refuses managers and members with ForbiddenError for a record that exists, NotFoundError for one that does not', async () => {
    // Prepare
    const ports = await withDeal();

    for (const role of ['manager', 'member'] as const) {
      // Act
      const existing = deleteRecord(ports, as(role), d1);
      const missing = deleteRecord(ports, as(role), { recordType: 'deal', id: 'nope' });

      // Assess
      await expect(existing, role).rejects.toThrow(ForbiddenError);
      await expect(missing, role).rejects.toThrow(NotFoundError);
    }
    expect(await ports.records.get(tenant, 'deal', 'd-1')).toEqual(deal());
  });
});

describe('getRecord', () => {
  it('is readable by the roles that write records, and by no other', async () => {
    // Prepare
    const ports = await withDeal();

    // Act
    const integration = await getRecord(ports, as('integration'), d1);
    const manager = getRecord(ports, as('manager'), d1);
    const member = getRecord(ports, as('member'), d1);

    // Assess
    expect(integration).toEqual(deal());
    await expect(manager).rejects.toThrow(ForbiddenError);
    await expect(member).rejects.toThrow(ForbiddenError);
  });

  it("answers NotFoundError for an unknown record, a known id under another type, another tenant's and a deleted record", async () => {
    // Prepare
    const ports = await withDeal();
    await upsertRecord(ports, admin, deal({ id: 'd-gone' }));
    await deleteRecord(ports, admin, { recordType: 'deal', id: 'd-gone' });

    for (const [principal, key] of [
      [admin, { recordType: 'deal', id: 'nope' }],
      [admin, { recordType: 'lead', id: 'd-1' }],
      [as('admin', 'other'), d1],
      [admin, { recordType: 'deal', id: 'd-gone' }],
      [as('member'), { recordType: 'deal', id: 'nope' }],
    ] as const) {
      // Act
      const read = getRecord(ports, principal, key);

      // Assess
      await expect(read, `${principal.tenant} ${key.recordType}/${key.id}`).rejects.toThrow(NotFoundError);
    }
  });
});
