import type { HttpResponse } from '../../http/responses.ts';
import { created, ok } from '../../http/responses.ts';
import { recordRepository } from '../../store/record-repository.ts';
import type { RecordFieldValue, StoredRecord } from './record-schema.ts';
import { putReservedFields } from './record-schema.ts';

export interface RecordWrite {
  ownerId: string;
  updatedAt: string;
  splits?: StoredRecord['splits'] | undefined;
  [field: string]: unknown;
}

/** The record as the API shows it: reserved fields first, then the record's own fields. */
export function recordView(record: StoredRecord, applied?: boolean) {
  // The record's own fields first: a field that a single PUT named `id` or `recordType` is
  // stored, but the record's identity is what the view shows under those names.
  return {
    ...record.fields,
    recordType: record.recordType,
    id: record.id,
    ownerId: record.ownerId,
    updatedAt: record.updatedAt,
    ...(record.splits ? { splits: record.splits } : {}),
    ...(applied === undefined ? {} : { applied }),
  };
}

export function toStoredRecord(recordType: string, id: string, body: RecordWrite): StoredRecord {
  const fields: Record<string, RecordFieldValue> = {};
  for (const [name, value] of Object.entries(body)) {
    if (!putReservedFields.has(name)) fields[name] = value as RecordFieldValue;
  }
  return { recordType, id, ownerId: body.ownerId, updatedAt: body.updatedAt, splits: body.splits ?? null, fields };
}

/** PUT semantics shared by the single and the batch route: 201 created, 200 updated, 200 `applied: false` when stale. */
export async function upsertRecord(tenant: string, record: StoredRecord): Promise<HttpResponse> {
  const outcome = await recordRepository.upsert(tenant, record);
  // Stale: the stored record as it is, or — deleted after this version — the version that was refused.
  if (!outcome.applied) return ok(recordView(outcome.current ?? record, false));
  return (outcome.created ? created : ok)(recordView(record, true));
}
