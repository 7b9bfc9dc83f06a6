import { z } from 'zod';
import { admins, assertRole, definitionReaders } from '../../auth/roles.ts';
import { assertIfMatch, withWriteRetry } from '../../http/if-match.ts';
import { created, noContent, ok } from '../../http/responses.ts';
import { route } from '../../http/route.ts';
import { sealedPage } from '../../http/sealed-page.ts';
import { goalRepository } from '../../store/goal-repository.ts';
import { metricRepository } from '../../store/metric-repository.ts';
import { ConflictError } from '../../shared/errors.ts';
import { idParamsSchema, listQuerySchema, listResponse } from '../common-schemas.ts';
import { buildMetric } from './create-metric.ts';
import { metricSchema, type Metric } from '../../../core/model/metric.ts';
import { metricCreateSchema, metricPatchSchema } from './metric-schema.ts';
import { assertValidMetric } from './metric-rules.ts';
import { metricTemplates } from './templates.ts';
import { previewRoute } from './preview-route.ts';
import { requireMetric } from './require-metric.ts';

const immutableFields = ['kind', 'dataType', 'currency'] as const;

export const metricRoutes = [
  route({
    key: 'GET /metric-templates',
    summary: 'The registry of metric templates',
    allow: definitionReaders,
    response: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), description: z.string() }).loose()) }),
    handle: async () => ok({ items: metricTemplates }),
  }),
  route({
    key: 'POST /metrics',
    summary: 'Create a metric from a template or a full definition',
    allow: admins,
    successStatus: 201,
    body: metricCreateSchema,
    response: metricSchema,
    handle: async ({ principal, body }) => {
      const metric = await buildMetric(principal.tenant, body);
      await metricRepository.create(principal.tenant, metric);
      return created(metric, { version: metric.version });
    },
  }),
  route({
    key: 'GET /metrics',
    summary: 'List metrics',
    allow: definitionReaders,
    query: listQuerySchema,
    response: listResponse(metricSchema),
    handle: async ({ principal, query }) =>
      ok(await sealedPage(principal, 'GET /metrics', query, (cursor) => metricRepository.list(principal.tenant, query.limit, cursor))),
  }),
  route({
    key: 'GET /metrics/{id}',
    summary: 'Get a metric',
    params: idParamsSchema,
    response: metricSchema,
    handle: async ({ principal, params }) => {
      const metric = await requireMetric(principal.tenant, params.id);
      return ok(metric, { version: metric.version });
    },
  }),
  route({
    key: 'PATCH /metrics/{id}',
    summary: 'Change a metric (kind, dataType and currency are fixed: 409)',
    params: idParamsSchema,
    body: metricPatchSchema,
    response: metricSchema,
    handle: async ({ principal, params, body, ifMatch }) =>
      withWriteRetry(ifMatch, async () => {
        const current = await requireMetric(principal.tenant, params.id);
        assertRole(principal, admins, 'change metrics');
        assertIfMatch(ifMatch, current.version, `Metric ${current.id}`);
        for (const field of immutableFields) {
          if (body[field] !== undefined && body[field] !== current[field]) {
            throw new ConflictError(`A metric's ${field} cannot change after creation`);
          }
        }
        const next: Metric = { ...current, ...body, version: current.version + 1 } as Metric;
        assertValidMetric(next);
        await metricRepository.update(principal.tenant, next, current.version);
        return ok(next, { version: next.version });
      }),
  }),
  route({
    key: 'DELETE /metrics/{id}',
    summary: 'Delete a metric (409 while goals use it)',
    params: idParamsSchema,
    handle: async ({ principal, params, ifMatch }) => {
      const metric = await requireMetric(principal.tenant, params.id);
      assertRole(principal, admins, 'delete metrics');
      assertIfMatch(ifMatch, metric.version, `Metric ${metric.id}`);
      if (await goalRepository.hasGoalsForMetric(principal.tenant, metric.id)) {
        throw new ConflictError(`Metric ${metric.id} is used by goals`);
      }
      await metricRepository.delete(principal.tenant, metric.id, metric.version);
      return noContent();
    },
  }),
  previewRoute,
];
