import { z } from 'zod';
import { assertRole, orgWriters, recordReaders } from '../../auth/roles.ts';
import { toErrorResponse } from '../../http/error-mapper.ts';
import { noContent, ok, type HttpResponse } from '../../http/responses.ts';
import { route } from '../../http/route.ts';
import { recordRepository } from '../../store/record-repository.ts';
import { NotFoundError, RequestValidationError } from '../../shared/errors.ts';
import { zodDetails } from '../../http/zod-details.ts';
import { mapWithConcurrency } from '../../shared/concurrency.ts';
import { batchRecordSchema, recordBatchSchema, recordBodySchema, recordParamsSchema, recordResponseSchema } from './record-schema.ts';
import { recordView, toStoredRecord, upsertRecord, type RecordWrite } from './upsert-record.ts';

const writers = orgWriters;

const batchResultSchema = z.object({
  recordType: z.string().optional(),
  id: z.string().optional(),
  status: z.number().int(),
  applied: z.boolean().optional(),
  error: z.object({ code: z.string(), message: z.string(), details: z.array(z.unknown()).optional() }).optional(),
});

function batchResult(entry: unknown, response: HttpResponse) {
  const ids = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
  const body = response.body ? (JSON.parse(response.body) as Record<string, unknown>) : {};
  return {
    ...(typeof ids.recordType === 'string' ? { recordType: ids.recordType } : {}),
    ...(typeof ids.id === 'string' ? { id: ids.id } : {}),
    status: response.statusCode,
    ...(body.error ? { error: body.error } : { applied: body.applied === true }),
  };
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
      const results = await mapWithConcurrency(body.records, 16, async (entry, index) => {
        const parsed = batchRecordSchema.safeParse(entry);
        if (!parsed.success) {
          const details = zodDetails(parsed.error, ['body', 'records', index]);
          return batchResult(entry, toErrorResponse(new RequestValidationError('The record is not valid', details)));
        }
        const { recordType, id, ...rest } = parsed.data;
        try {
          return batchResult(entry, await upsertRecord(principal.tenant, toStoredRecord(recordType, id, rest as RecordWrite)));
        } catch (error) {
          return batchResult(entry, toErrorResponse(error));
        }
      });
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
