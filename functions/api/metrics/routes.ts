import { z } from 'zod';
import { admins, definitionReaders } from '../../use-cases/access/roles.ts';
import { withWriteRetry } from '../../http/if-match.ts';
import { created, noContent, ok } from '../../http/responses.ts';
import { route } from '../../http/route.ts';
import { sealedPage } from '../../http/sealed-page.ts';
import { createMetric } from '../../use-cases/metrics/create-metric.ts';
import { deleteMetric } from '../../use-cases/metrics/delete-metric.ts';
import { getMetric } from '../../use-cases/metrics/get-metric.ts';
import { listMetrics } from '../../use-cases/metrics/list-metrics.ts';
import { metricTemplates } from '../../use-cases/metrics/templates.ts';
import { updateMetric } from '../../use-cases/metrics/update-metric.ts';
import { idParamsSchema, listQuerySchema, listResponse } from '../common-schemas.ts';
import { metricSchema } from '../../../core/model/metric.ts';
import { metricCreateSchema, metricPatchSchema } from '../../use-cases/metrics/metric-inputs.ts';
import { previewDefinitionRoute, previewRoute } from './preview-route.ts';

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
    handle: async ({ principal, body, ports }) => {
      const metric = await createMetric(ports, principal, body);
      return created(metric, { version: metric.version });
    },
  }),
  route({
    key: 'GET /metrics',
    summary: 'List metrics',
    allow: definitionReaders,
    query: listQuerySchema,
    response: listResponse(metricSchema),
    handle: async ({ principal, query, ports }) =>
      ok(await sealedPage(principal, 'GET /metrics', query, (cursor) => listMetrics(ports, principal, { limit: query.limit, cursor }))),
  }),
  route({
    key: 'GET /metrics/{id}',
    summary: 'Get a metric',
    params: idParamsSchema,
    response: metricSchema,
    handle: async ({ principal, params, ports }) => {
      const metric = await getMetric(ports, principal, params.id);
      return ok(metric, { version: metric.version });
    },
  }),
  route({
    key: 'PATCH /metrics/{id}',
    summary: 'Change a metric (kind, dataType and currency are fixed: 409)',
    params: idParamsSchema,
    body: metricPatchSchema,
    response: metricSchema,
    handle: async ({ principal, params, body, ifMatch, ports }) => {
      // Without If-Match the caller asked for "last writer wins": a lost race is read and applied again.
      const metric = await withWriteRetry(ifMatch, () => updateMetric(ports, principal, { id: params.id, patch: body, expectedVersion: ifMatch }));
      return ok(metric, { version: metric.version });
    },
  }),
  route({
    key: 'DELETE /metrics/{id}',
    summary: 'Delete a metric (409 while goals use it)',
    params: idParamsSchema,
    handle: async ({ principal, params, ifMatch, ports }) => {
      await deleteMetric(ports, principal, { id: params.id, expectedVersion: ifMatch });
      return noContent();
    },
  }),
  previewRoute,
  previewDefinitionRoute,
];
