import type { RecordInput, RecordInput as StoredRecord } from '../../../core/model/record-input.ts';
import type { AppPorts } from '../../../functions/use-cases/ports.ts';
import type { RecordImage } from '../../../functions/use-cases/live/ports.ts';
import { tombstoneDays, type BatchUpsertOutcome, type RecordStore, type UpsertOutcome } from '../../../functions/use-cases/records/ports.ts';
import { recordDatePrefix } from '../../../functions/store/keys.ts';
import { recordDateSpan } from '../../../core/model/record-dates.ts';
import { instantMillis } from '../../../functions/store/record-repository.ts';

type Slot = ({ record: StoredRecord; updatedAtMs: number } | { deletedAtMs: number; ttlSeconds: number }) & { rev: number };

/**
 * Records in memory, with functions/store/record-repository.ts's semantics: an upsert applies
 * unless the stored record has a later `updatedAt` (compared as instants) or a tombstone newer than
 * it that has not expired; a delete leaves a tombstone dated `nowMs` for {@link tombstoneDays}
 * days; reads never return a tombstone. `pages` is the rollup's record reader over the same records
 * (a window keeps the records whose latest date is at or after its start and earliest before its end).
 * Each applied write raises the record's revision as DynamoDB's does (the first is the write's instant
 * in ms) and appends the new image to `stream`, the table's stream as the live path sees it.
 */
export function memoryRecords(): { records: RecordStore; recordPages: AppPorts['recordPages']; stream: { tenant: string; image: RecordImage }[] } {
  const slots = new Map<string, Slot>();
  const stream: { tenant: string; image: RecordImage }[] = [];
  const keyOf = (tenant: string, recordType: string, id: string) => JSON.stringify([tenant, recordType, id]);
  const revAfter = (slot: Slot | undefined, nowMs: number) => (slot?.rev ?? nowMs) + 1;
  const logged = (tenant: string, recordType: string, id: string, slot: Slot) => {
    slots.set(keyOf(tenant, recordType, id), slot);
    stream.push({ tenant, image: { recordType, id, rev: slot.rev, record: withRev(slot) } });
  };

  function upsert(tenant: string, record: StoredRecord, nowMs: number): UpsertOutcome {
    const key = keyOf(tenant, record.recordType, record.id);
    const stored = slots.get(key);
    const updatedAtMs = instantMillis(record.updatedAt);
    const write = () => logged(tenant, record.recordType, record.id, { record: structuredClone(record), updatedAtMs, rev: revAfter(stored, nowMs) });
    if (!stored || ('deletedAtMs' in stored && (stored.deletedAtMs < updatedAtMs || stored.ttlSeconds < Math.floor(nowMs / 1000)))) {
      write();
      return { applied: true, created: true };
    }
    if ('deletedAtMs' in stored) return { applied: false, current: null };
    if (stored.updatedAtMs > updatedAtMs) return { applied: false, current: structuredClone(stored.record) };
    write();
    return { applied: true, created: false };
  }

  const live = (slot: Slot | undefined) => (slot && 'record' in slot ? slot.record : undefined);
  const withRev = (slot: Slot) => ('record' in slot ? { ...structuredClone(slot.record), rev: slot.rev } : null);

  const records: RecordStore = {
    get: async (tenant, recordType, id) => structuredClone(live(slots.get(keyOf(tenant, recordType, id)))),
    async image(tenant, recordType, id) {
      const slot = slots.get(keyOf(tenant, recordType, id));
      return slot && { rev: slot.rev, record: withRev(slot) };
    },
    upsert: async (tenant, record, nowMs) => upsert(tenant, record, nowMs),
    async upsertMany(tenant, batch, nowMs) {
      return batch.map((record): BatchUpsertOutcome => {
        try {
          const outcome = upsert(tenant, record, nowMs);
          return outcome.applied ? outcome : { applied: false };
        } catch (error) {
          return { error };
        }
      });
    },
    async delete(tenant, recordType, id, nowMs) {
      const stored = slots.get(keyOf(tenant, recordType, id));
      if (!live(stored)) return false;
      logged(tenant, recordType, id, { deletedAtMs: nowMs, ttlSeconds: Math.floor(nowMs / 1000) + tombstoneDays * 86_400, rev: revAfter(stored, nowMs) });
      return true;
    },
  };

  const recordPages: AppPorts['recordPages'] = async (tenant, recordType, onPage, options = {}) => {
    const { window } = options;
    const page: RecordInput[] = [];
    for (const [key, slot] of slots) {
      const [slotTenant, slotType] = JSON.parse(key) as [string, string, string];
      const record = withRev(slot);
      if (!record || slotTenant !== tenant || slotType !== recordType) continue;
      if (window) {
        const span = recordDateSpan(record.fields);
        // The date index sorts by the latest date's prefix; a record without dates is not in the window.
        if (!span || recordDatePrefix(span.latestMs) < recordDatePrefix(window.startMs) || !(span.earliestMs < window.endMs)) continue;
      }
      page.push(record);
    }
    options.onRequest?.();
    onPage(page);
    return page.length;
  };

  return { records, recordPages, stream };
}
