import { z } from 'zod';
import { goalForest } from '../../../core/rollup/hierarchy.ts';
import { canReadOwner, loadAccessScope } from '../../auth/access-scope.ts';
import type { Principal } from '../../http/principal.ts';
import { accepted, ok } from '../../http/responses.ts';
import { route } from '../../http/route.ts';
import { sealedPage } from '../../http/sealed-page.ts';
import { triggerRollup } from '../../use-cases/rollups/trigger-rollup.ts';
import type { RunScope } from '../../use-cases/rollups/runs.ts';
import { goalReader } from '../../store/goal-reader.ts';
import { runRepository, type RollupRun } from '../../store/run-repository.ts';
import { NotFoundError } from '../../shared/errors.ts';
import { assertRole, goalWriters, readers } from '../../auth/roles.ts';
import { assertMayReadGoal } from '../goals/goal-access.ts';
import { idSchema } from '../../../core/model/primitives.ts';
import { listQuerySchema, listResponse } from '../common-schemas.ts';
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
  goalsFailed: z.number().int().describe('Goals the run could not compute or store; each kept its previous result'),
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
  goalsFailed: run.goalsFailed ?? 0,
  ...(run.error ? { error: run.error } : {}),
});

/** The root of every hierarchy holding a goal the caller may see (a goal on a stored cycle stands for itself). */
async function visibleHierarchies(principal: Principal): Promise<string[]> {
  const [access, goals] = await Promise.all([loadAccessScope(principal), goalReader.all(principal.tenant)]);
  const { roots } = goalForest(goals);
  const visible = goals.filter((goal) => typeof goal.owner === 'object' && goal.owner !== null && canReadOwner(access, goal.owner));
  return [...new Set(visible.map((goal) => roots.get(goal.id) ?? goal.id))];
}

export const rollupRoutes = [
  route({
    key: 'POST /rollups',
    summary:
      "Queue a rollup of the tenant (admin), of one goal's hierarchy, or of every hierarchy the calling manager may see: 202 with the new run, or 200 with the run already queued or running",
    successStatus: [202, 200],
    body: z.strictObject({ goalId: idSchema.optional() }).optional(),
    response: z.object({ runId: z.string(), status: z.enum(['queued', 'running', 'succeeded', 'failed']) }),
    handle: async ({ principal, body, ports }) => {
      const goalId = body?.goalId ?? null;
      const goal = goalId ? await requireGoal(principal.tenant, goalId) : undefined;
      assertRole(principal, goalWriters, 'trigger rollups');
      let scope: RunScope | null = goalId ? { goalId, scopeGoalIds: null } : null;
      // A manager recomputes the hierarchy of a goal it may see, or every hierarchy it may see in one run.
      if (principal.role !== 'admin') {
        if (goal) await assertMayReadGoal(principal, goal);
        else scope = { goalId: null, scopeGoalIds: await visibleHierarchies(principal) };
      }
      const { runId, status, created } = await triggerRollup(ports, principal.tenant, scope);
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
      const page = await sealedPage(principal, 'GET /rollups', query, (cursor) => runRepository.listRuns(principal.tenant, query.limit, cursor));
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
