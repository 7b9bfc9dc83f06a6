import type { RecordInput as StoredRecord } from '../../../core/model/record-input.ts';
import { assertRole, recordReaders } from '../access/roles.ts';
import type { Principal } from '../principal.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { AppPorts } from '../ports.ts';

/** A record of the caller's tenant: NotFoundError when there is none (or it was deleted), then only for the roles that write records. */
export async function getRecord(
  ports: Pick<AppPorts, 'records'>,
  principal: Principal,
  key: { recordType: string; id: string },
): Promise<StoredRecord> {
  const record = await ports.records.get(principal.tenant, key.recordType, key.id);
  if (!record) throw new NotFoundError(`Record ${key.recordType}/${key.id} not found`);
  assertRole(principal, recordReaders, 'read records');
  return record;
}
