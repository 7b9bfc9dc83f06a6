import type { RecordInput } from '../../../core/model/record-input.ts';
import type { AppPorts } from '../../../functions/use-cases/ports.ts';

/**
 * A tenant's records as an array the test changes at will, seen alike by a run's read
 * (`recordPages`) and by a record's image (`records.image`: what a run's catch-up reads again).
 * A record without `rev` is at revision 0. `beforeRead` runs before each read (a test's gate).
 */
export function arrayRecords(records: RecordInput[], beforeRead: () => Promise<void> = async () => undefined) {
  const recordPages: AppPorts['recordPages'] = async (_tenant, recordType, onPage) => {
    await beforeRead();
    const ofType = records.filter((record) => record.recordType === recordType);
    onPage(structuredClone(ofType));
    return ofType.length;
  };
  const image: AppPorts['records']['image'] = async (_tenant, recordType, id) => {
    const record = records.find((r) => r.recordType === recordType && r.id === id);
    return record && { rev: record.rev ?? 0, record: structuredClone(record) };
  };
  return { recordPages, image };
}
