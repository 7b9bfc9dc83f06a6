import { z } from 'zod';
import { orgWriters } from '../../use-cases/access/roles.ts';
import { toErrorResponse } from '../../http/error-mapper.ts';
import { created, noContent, ok } from '../../http/responses.ts';
import { route } from '../../http/route.ts';
import { zodDetails } from '../../http/zod-details.ts';
import { RequestValidationError } from '../../shared/errors.ts';
import { deleteRecord } from '../../use-cases/records/delete-record.ts';
import { getRecord } from '../../use-cases/records/get-record.ts';
import { upsertRecord } from '../../use-cases/records/upsert-record.ts';
import { upsertRecords, type BatchRecordOutcome } from '../../use-cases/records/upsert-records.ts';
import type { Warned } from '../../use-cases/records/record-warnings.ts';
import {
  batchRecordSchema,
  putReservedFields,
  recordBatchSchema,
  recordBodySchema,
  recordParamsSchema,
  recordResponseSchema,
  recordWarningsSchema,
  recordWriteResponseSchema,
} from './record-schema.ts';
import type { FieldValue as RecordFieldValue, RecordInput as StoredRecord } from '../../../core/model/record-input.ts';

interface RecordWrite {
  ownerId: string;
  updatedAt: string;
  splits?: StoredRecord['splits'] | undefined;
  [field: string]: unknown;
}

/** The record a PUT body (or a batch entry without its identity) describes: every non-reserved field is its own. */
function toStoredRecord(recordType: string, id: string, body: RecordWrite): StoredRecord {
  const fields: Record<string, RecordFieldValue> = {};
  for (const [name, value] of Object.entries(body)) {
    if (!putReservedFields.has(name)) fields[name] = value as RecordFieldValue;
  }
  return { recordType, id, ownerId: body.ownerId, updatedAt: body.updatedAt, splits: body.splits ?? null, fields };
}

/** The record as the API shows it: reserved fields first, then the record's own fields. */
function recordView(record: StoredRecord, applied?: boolean) {
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

const batchResultSchema = z.object({
  recordType: z.string().optional(),
  id: z.string().optional(),
  status: z.number().int(),
  applied: z.boolean().optional(),
  warnings: recordWarningsSchema,
  error: z.object({ code: z.string(), message: z.string(), details: z.array(z.unknown()).optional() }).optional(),
});

type BatchEntry = { recordType?: string; id?: string };

/** The entry's identity as sent, where it is one (a result names its record even when the record is bad). */
function identity(entry: unknown): BatchEntry {
  const ids = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
  return {
    ...(typeof ids.recordType === 'string' ? { recordType: ids.recordType } : {}),
    ...(typeof ids.id === 'string' ? { id: ids.id } : {}),
  };
}

/** A failed entry: the status and error the single PUT would answer. */
function errorResult(entry: unknown, error: unknown) {
  const response = toErrorResponse(error);
  return { ...identity(entry), status: response.statusCode, error: (JSON.parse(response.body!) as { error: unknown }).error };
}

/** An outcome's warnings, as an answer carries them: only when there are some. */
const warningsOf = (outcome: object): Warned => ('warnings' in outcome ? { warnings: outcome.warnings as Warned['warnings'] } : {});

/** A written entry, with the single PUT's status: 201 created, 200 updated or stale (applied=false); its warnings, if any. */
function outcomeResult(entry: unknown, outcome: BatchRecordOutcome) {
  if ('error' in outcome) return errorResult(entry, outcome.error);
  return { ...identity(entry), status: outcome.applied && outcome.created ? 201 : 200, applied: outcome.applied, ...warningsOf(outcome) };
}

export const recordRoutes = [
  route({
    key: 'PUT /records/{recordType}/{id}',
    summary:
      'Create or update a record (201 created, 200 updated, 200 with applied=false when older than the stored one); ' +
      'warnings when it is stored but may not count the way a metric of its type would count it',
    allow: orgWriters,
    successStatus: [200, 201],
    params: recordParamsSchema,
    body: recordBodySchema,
    response: recordWriteResponseSchema,
    handle: async ({ principal, params, body, ports }) => {
      const result = await upsertRecord(ports, principal, toStoredRecord(params.recordType, params.id, body as RecordWrite));
      return (result.applied && result.created ? created : ok)({ ...recordView(result.record, result.applied), ...warningsOf(result) });
    },
  }),
  route({
    key: 'POST /records/batch',
    summary: 'Up to 500 record upserts; one result per record, in order (the same id twice: in that order), with its warnings as the single PUT; a bad record does not reject the others',
    allow: orgWriters,
    body: recordBatchSchema,
    response: z.object({ results: z.array(batchResultSchema) }),
    handle: async ({ principal, body, ports }) => {
      const results: ReturnType<typeof outcomeResult>[] = new Array(body.records.length);
      const valid: { index: number; record: StoredRecord }[] = [];
      body.records.forEach((entry, index) => {
        const parsed = batchRecordSchema.safeParse(entry);
        if (parsed.success) {
          const { recordType, id, ...rest } = parsed.data;
          valid.push({ index, record: toStoredRecord(recordType, id, rest as RecordWrite) });
        } else {
          const details = zodDetails(parsed.error, ['body', 'records', index]);
          results[index] = errorResult(entry, new RequestValidationError('The record is not valid', details));
        }
      });
      const outcomes = await upsertRecords(ports, principal, valid.map((v) => v.record));
      valid.forEach(({ index }, i) => (results[index] = outcomeResult(body.records[index], outcomes[i]!)));
      return ok({ results });
    },
  }),
  route({
    key: 'GET /records/{recordType}/{id}',
    summary: 'Get a record',
    params: recordParamsSchema,
    response: recordResponseSchema,
    handle: async ({ principal, params, ports }) => ok(recordView(await getRecord(ports, principal, params))),
  }),
  route({
    key: 'DELETE /records/{recordType}/{id}',
    summary: 'Delete a record',
    params: recordParamsSchema,
    handle: async ({ principal, params, ports }) => {
      await deleteRecord(ports, principal, params);
      return noContent();
    },
  }),
];
