import { z } from 'zod';
import { accepted, ok } from '../../http/responses.ts';
import { route } from '../../http/route.ts';
import { triggerManualRun } from '../../rollup/run-lifecycle.ts';
import { runRepository, type RollupRun } from '../../store/run-repository.ts';
import { ForbiddenError, NotFoundError } from '../../shared/errors.ts';
import { assertRole, goalWriters, readers } from '../../auth/roles.ts';
import { assertMayWriteOwners } from '../goals/goal-access.ts';
import { idSchema, listQuerySchema, listResponse } from '../common-schemas.ts';
import { requireGoal } from '../goals/require-goal.ts';

const runSchema = z.object({
  runId: z.string(),
  trigger: z.enum(['manual', 'schedule']),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  goalId: z.string().nullable(),
  queuedAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  goalsComputed: z.number().int(),
  recordsRead: z.number().int(),
  skippedRecords: z.number().int(),
  error: z.string().optional(),
});

/** The contract's run object, fields in its order. */
const runView = (run: RollupRun) => ({
  runId: run.runId,
  trigger: run.trigger,
  status: run.status,
  goalId: run.goalId,
  queuedAt: run.queuedAt,
  startedAt: run.startedAt,
  finishedAt: run.finishedAt,
  goalsComputed: run.goalsComputed,
  recordsRead: run.recordsRead,
  skippedRecords: run.skippedRecords,
  ...(run.error ? { error: run.error } : {}),
});

export const rollupRoutes = [
  route({
    key: 'POST /rollups',
    summary: "Queue a rollup of the tenant (or of one goal's hierarchy): 202 with the new run, or 200 with the run already queued or running",
    successStatus: [202, 200],
    body: z.strictObject({ goalId: idSchema.optional() }).optional(),
    response: z.object({ runId: z.string(), status: z.enum(['queued', 'running', 'succeeded', 'failed']) }),
    handle: async ({ principal, body }) => {
      const goalId = body?.goalId ?? null;
      const goal = goalId ? await requireGoal(principal.tenant, goalId) : undefined;
      assertRole(principal, goalWriters, 'trigger rollups');
      // Managers recompute the hierarchies of goals they may change; the whole tenant is for admins.
      if (principal.role !== 'admin') {
        if (!goal) throw new ForbiddenError('Only admins roll up the whole tenant; pass the goalId of a goal you manage');
        await assertMayWriteOwners(principal, [goal.owner]);
      }
      const { runId, status, created } = await triggerManualRun(principal.tenant, goalId);
      return created ? accepted({ runId, status }) : ok({ runId, status });
    },
  }),
  route({
    key: 'GET /rollups',
    summary: 'Recent runs, newest first',
    allow: readers,
    query: listQuerySchema,
    response: listResponse(runSchema),
    handle: async ({ principal, query }) => {
      const page = await runRepository.listRuns(principal.tenant, query.limit, query.cursor);
      return ok({ items: page.items.map(runView), nextCursor: page.nextCursor });
    },
  }),
  route({
    key: 'GET /rollups/{runId}',
    summary: 'One run: status, times and counts',
    params: z.strictObject({ runId: idSchema }),
    response: runSchema,
    handle: async ({ principal, params }) => {
      const run = await runRepository.getRun(principal.tenant, params.runId);
      if (!run) throw new NotFoundError(`Run ${params.runId} not found`);
      assertRole(principal, readers, 'read rollup runs');
      return ok(runView(run));
    },
  }),
];
