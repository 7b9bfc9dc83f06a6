import { idPattern } from '../../core/model/primitives.ts';
import type { SkippedRecordStore } from '../use-cases/rollups/ports.ts';
import { batchWrite, putRequest } from './batch-write.ts';
import { skippedKey } from './keys.ts';
import { runExpiry } from './run-repository.ts';
import { skippedRecordReader } from './skipped-record-reader.ts';

/** A run's skipped records: one item each under the run, expiring (TTL) with the run's record. */
export const skippedRecordRepository: SkippedRecordStore = {
  ...skippedRecordReader,

  async put(tenant, run, records) {
    const ttl = runExpiry(run.queuedAt);
    // A record stored around the API may hold an id no key can: it cannot be listed.
    const keyable = records.filter((record) => idPattern.test(record.recordType) && idPattern.test(record.id));
    await batchWrite(keyable.map((record) => putRequest({ ...skippedKey(tenant, run.runId, record.recordType, record.id), entity: 'skipped-record', ...record, ttl })));
  },
};
