import type { RecordInput as StoredRecord } from '../../../core/model/record-input.ts';
import { assertRole, orgWriters } from '../access/roles.ts';
import type { Principal } from '../principal.ts';
import type { AppPorts } from '../ports.ts';
import type { BatchUpsertOutcome } from './ports.ts';

/**
 * {@link upsertRecord} for many records (POST /records/batch): one outcome per record, in order,
 * each as its single upsert would go; the same record twice is applied in the given order. A record
 * the store could not write gets its error as its outcome and does not stop the others.
 */
export async function upsertRecords(
  ports: Pick<AppPorts, 'records' | 'clock'>,
  principal: Principal,
  records: readonly StoredRecord[],
): Promise<BatchUpsertOutcome[]> {
  assertRole(principal, orgWriters, 'write records');
  return ports.records.upsertMany(principal.tenant, records, ports.clock.now());
}
