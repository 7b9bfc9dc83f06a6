import type { HttpResponse } from '../../http/responses.ts';
import { created, ok } from '../../http/responses.ts';
import { recordRepository } from '../../store/record-repository.ts';
import type { RecordFieldValue, StoredRecord } from './record-schema.ts';
import { reservedRecordFields } from './record-schema.ts';

export interface RecordWrite {
  ownerId: string;
  updatedAt: string;
  splits?: StoredRecord['splits'] | undefined;
  [field: string]: unknown;
}

/** The record as the API shows it: reserved fields first, then the record's own fields. */
export function recordView(record: StoredRecord, applied?: boolean) {
  return {
    recordType: record.recordType,
    id: record.id,
    ownerId: record.ownerId,
    updatedAt: record.updatedAt,
    ...(record.splits ? { splits: record.splits } : {}),
    ...record.fields,
    ...(applied === undefined ? {} : { applied }),
  };
}

export function toStoredRecord(recordType: string, id: string, body: RecordWrite): StoredRecord {
  const fields: Record<string, RecordFieldValue> = {};
  for (const [name, value] of Object.entries(body)) {
    if (!reservedRecordFields.has(name)) fields[name] = value as RecordFieldValue;
  }
  return { recordType, id, ownerId: body.ownerId, updatedAt: body.updatedAt, splits: body.splits ?? null, fields };
}

/** PUT semantics shared by the single and the batch route: 201 created, 200 updated, 200 `applied: false` when stale. */
export async function upsertRecord(tenant: string, record: StoredRecord): Promise<HttpResponse> {
  const outcome = await recordRepository.upsert(tenant, record);
  if (!outcome.applied) return ok(recordView(outcome.current, false));
  return (outcome.created ? created : ok)(recordView(record, true));
}
