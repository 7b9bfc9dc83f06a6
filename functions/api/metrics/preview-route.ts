import { z } from 'zod';
import { ok } from '../../http/responses.ts';
import { route } from '../../http/route.ts';
import { goalWriters } from '../../use-cases/access/roles.ts';
import { previewMetric, previewMetricDefinition } from '../../use-cases/metrics/preview-metric.ts';
import { metricCreateSchema } from '../../use-cases/metrics/metric-inputs.ts';
import { idParamsSchema } from '../common-schemas.ts';
import { ownerSchema, periodInputSchema } from '../../use-cases/goals/goal-inputs.ts';

const previewResponseSchema = z.object({
  metricId: z.string(),
  owner: z.object({ type: z.string(), id: z.string() }),
  period: z.object({ start: z.string(), end: z.string() }),
  actual: z.string().nullable(),
  inProgress: z.string().nullable(),
  custom: z.string().nullable(),
  skippedRecords: z.number().int(),
  recordsRead: z.number().int(),
  matchingRecords: z.number().int(),
  recordIds: z.array(z.string()).max(50),
});

export const previewRoute = route({
  key: 'POST /metrics/{id}/preview',
  summary: "Test a metric's queries: the values for an owner and period and up to 50 matching record ids; nothing is stored",
  params: idParamsSchema,
  body: z.strictObject({ period: periodInputSchema, owner: ownerSchema }),
  response: previewResponseSchema,
  handle: async ({ principal, params, body, ports }) =>
    ok(await previewMetric(ports, principal, { metricId: params.id, owner: body.owner, period: body.period })),
});

export const previewDefinitionRoute = route({
  key: 'POST /metrics/preview',
  summary: 'Test a metric before saving it: `metric` as POST /metrics takes it (a template or a full definition); the same answer as a saved metric\'s preview, with metricId null; nothing is stored',
  allow: goalWriters,
  body: z.strictObject({ metric: metricCreateSchema, period: periodInputSchema, owner: ownerSchema }),
  response: previewResponseSchema.extend({ metricId: z.null() }),
  handle: async ({ principal, body, ports }) =>
    ok(await previewMetricDefinition(ports, principal, { metric: body.metric, owner: body.owner, period: body.period })),
});
