import { z } from 'zod';
import { assertRole, orgWriters, recordReaders } from '../../auth/roles.ts';
import { toErrorResponse } from '../../http/error-mapper.ts';
import { noContent, ok } from '../../http/responses.ts';
import { route } from '../../http/route.ts';
import { recordRepository, type BatchUpsertOutcome } from '../../store/record-repository.ts';
import { NotFoundError, RequestValidationError } from '../../shared/errors.ts';
import { zodDetails } from '../../http/zod-details.ts';
import { batchRecordSchema, recordBatchSchema, recordBodySchema, recordParamsSchema, recordResponseSchema, type StoredRecord } from './record-schema.ts';
import { recordView, toStoredRecord, upsertRecord, type RecordWrite } from './upsert-record.ts';

const writers = orgWriters;

const batchResultSchema = z.object({
  recordType: z.string().optional(),
  id: z.string().optional(),
  status: z.number().int(),
  applied: z.boolean().optional(),
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

/** A written entry, with the single PUT's status: 201 created, 200 updated or stale (applied=false). */
function outcomeResult(entry: unknown, outcome: BatchUpsertOutcome) {
  if ('error' in outcome) return errorResult(entry, outcome.error);
  return { ...identity(entry), status: outcome.applied && outcome.created ? 201 : 200, applied: outcome.applied };
}

export const recordRoutes = [
  route({
    key: 'PUT /records/{recordType}/{id}',
    summary: 'Create or update a record (201 created, 200 updated, 200 with applied=false when older than the stored one)',
    allow: writers,
    successStatus: [200, 201],
    params: recordParamsSchema,
    body: recordBodySchema,
    response: recordResponseSchema,
    handle: ({ principal, params, body }) =>
      upsertRecord(principal.tenant, toStoredRecord(params.recordType, params.id, body as RecordWrite)),
  }),
  route({
    key: 'POST /records/batch',
    summary: 'Up to 500 record upserts; one result per record, in order; a bad record does not reject the others',
    allow: writers,
    body: recordBatchSchema,
    response: z.object({ results: z.array(batchResultSchema) }),
    handle: async ({ principal, body }) => {
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
      const outcomes = await recordRepository.upsertMany(principal.tenant, valid.map((v) => v.record));
      valid.forEach(({ index }, i) => (results[index] = outcomeResult(body.records[index], outcomes[i]!)));
      return ok({ results });
    },
  }),
  route({
    key: 'GET /records/{recordType}/{id}',
    summary: 'Get a record',
    params: recordParamsSchema,
    response: recordResponseSchema,
    handle: async ({ principal, params }) => {
      const record = await recordRepository.get(principal.tenant, params.recordType, params.id);
      if (!record) throw new NotFoundError(`Record ${params.recordType}/${params.id} not found`);
      assertRole(principal, recordReaders, 'read records');
      return ok(recordView(record));
    },
  }),
  route({
    key: 'DELETE /records/{recordType}/{id}',
    summary: 'Delete a record',
    params: recordParamsSchema,
    handle: async ({ principal, params }) => {
      if (!writers.includes(principal.role)) {
        // 404 for what does not exist (in this tenant), 403 for what exists but may not be deleted.
        if (!(await recordRepository.get(principal.tenant, params.recordType, params.id))) {
          throw new NotFoundError(`Record ${params.recordType}/${params.id} not found`);
        }
        assertRole(principal, writers, 'delete records');
      }
      const deleted = await recordRepository.delete(principal.tenant, params.recordType, params.id);
      if (!deleted) throw new NotFoundError(`Record ${params.recordType}/${params.id} not found`);
      return noContent();
    },
  }),
];
