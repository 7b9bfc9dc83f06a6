import type { RecordInput as StoredRecord } from '../../../core/model/record-input.ts';
import { assertRole, orgWriters } from '../access/roles.ts';
import type { Principal } from '../principal.ts';
import type { AppPorts } from '../ports.ts';
import type { BatchUpsertOutcome } from './ports.ts';
import { recordWarnings, type RecordWarningPorts, type Warned } from './record-warnings.ts';

/** How one record of a batch went: as the store says, a written record with its warnings, if any. */
export type BatchRecordOutcome = ({ applied: true; created: boolean } & Warned) | { applied: false } | { error: unknown };

/**
 * {@link upsertRecord} for many records (POST /records/batch): one outcome per record, in order,
 * each as its single upsert would go; the same record twice is applied in the given order. A record
 * the store could not write gets its error as its outcome and does not stop the others. What the
 * warnings need (metrics, settings, the owners) is read once for the whole batch.
 */
export async function upsertRecords(
  ports: Pick<AppPorts, 'records' | 'clock'> & RecordWarningPorts,
  principal: Principal,
  records: readonly StoredRecord[],
): Promise<BatchRecordOutcome[]> {
  assertRole(principal, orgWriters, 'write records');
  const warningsOf = await recordWarnings(ports, principal.tenant, records);
  const outcomes: BatchUpsertOutcome[] = await ports.records.upsertMany(principal.tenant, records, ports.clock.now());
  return outcomes.map((outcome, i) => ('applied' in outcome && outcome.applied ? { ...outcome, ...warningsOf(records[i]!) } : outcome));
}
