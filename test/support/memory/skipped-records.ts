import type { SkippedRecord } from '../../../core/model/skipped-record.ts';
import type { SkippedRecordStore } from '../../../functions/use-cases/rollups/ports.ts';

/**
 * A run's skipped records in memory, with the repository's semantics: one per record type and id
 * under each run (a second put of the same record replaces it), listed by record type and id, a
 * page at a time; nothing for a run that stored none.
 */
export function memorySkippedRecords(): SkippedRecordStore {
  const runs = new Map<string, Map<string, SkippedRecord>>();
  const keyOf = (record: SkippedRecord) => `rec#${record.recordType}#${record.id}`;
  return {
    async put(tenant, run, records) {
      const runKey = JSON.stringify([tenant, run.runId]);
      const stored = runs.get(runKey) ?? new Map<string, SkippedRecord>();
      for (const record of records) stored.set(keyOf(record), structuredClone(record));
      runs.set(runKey, stored);
    },
    async list(tenant, runId, limit, cursor) {
      const stored = runs.get(JSON.stringify([tenant, runId])) ?? new Map<string, SkippedRecord>();
      const rest = [...stored].sort(([a], [b]) => (a < b ? -1 : 1)).filter(([key]) => cursor === undefined || key > cursor);
      const page = rest.slice(0, limit);
      return { items: page.map(([, record]) => structuredClone(record)), nextCursor: rest.length > limit ? page[page.length - 1]![0] : null };
    },
  };
}
