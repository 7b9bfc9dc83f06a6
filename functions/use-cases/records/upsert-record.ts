import type { RecordInput as StoredRecord } from '../../../core/model/record-input.ts';
import { assertRole, orgWriters } from '../access/roles.ts';
import type { Principal } from '../principal.ts';
import type { AppPorts } from '../ports.ts';
import { recordWarnings, type RecordWarningPorts, type Warned } from './record-warnings.ts';

/**
 * How an upsert went, and the record it leaves: the one written (with its warnings, if any), or
 * the stored one that won.
 */
export type UpsertResult = ({ applied: true; created: boolean; record: StoredRecord } & Warned) | { applied: false; record: StoredRecord };

/**
 * Creates or replaces a CRM record (admins and integrations). The newest `updatedAt` wins whatever
 * the arrival order: an older version is not applied and the answer is the stored record — or,
 * when the record was deleted after that version, the version that was refused; an equal one is
 * applied again (a redelivery is harmless). A written record that may not count the way a metric
 * of its type would count it is stored all the same, with `warnings` that say why.
 */
export async function upsertRecord(ports: Pick<AppPorts, 'records' | 'clock'> & RecordWarningPorts, principal: Principal, record: StoredRecord): Promise<UpsertResult> {
  assertRole(principal, orgWriters, 'write records');
  // Read before the write: a read that fails leaves nothing written, so a retry answers as this would have.
  const warningsOf = await recordWarnings(ports, principal.tenant, [record]);
  const outcome = await ports.records.upsert(principal.tenant, record, ports.clock.now());
  if (!outcome.applied) return { applied: false, record: outcome.current ?? record };
  return { applied: true, created: outcome.created, record, ...warningsOf(record) };
}
