import { z } from 'zod';
import { loadAccessScope } from '../../auth/access-scope.ts';
import { assertMayReadNamedOwner } from '../../auth/owner-access.ts';
import { assertRole, goalWriters } from '../../auth/roles.ts';
import { resolvePeriodInput } from '../../../core/periods/period-input.ts';
import { ok } from '../../http/responses.ts';
import { route } from '../../http/route.ts';
import { settingsRepository } from '../../store/settings-repository.ts';
import { idParamsSchema } from '../common-schemas.ts';
import { ownerSchema, periodInputSchema } from '../goals/goal-schema.ts';
import { previewMetric } from './preview-metric.ts';
import { requireMetric } from './require-metric.ts';

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
  handle: async ({ principal, params, body }) => {
    const metric = await requireMetric(principal.tenant, params.id);
    assertRole(principal, goalWriters, 'preview metrics');
    await assertMayReadNamedOwner(await loadAccessScope(principal), body.owner);
    const period = resolvePeriodInput(body.period, await settingsRepository.get(principal.tenant));
    return ok(await previewMetric(principal.tenant, metric, body.owner, period, Date.now()));
  },
});
