import { z } from 'zod';
import { canReadOwner, loadAccessScope, type AccessScope } from '../../auth/access-scope.ts';
import { assertMayReadNamedOwner, requireUnitExists } from '../../auth/owner-access.ts';
import { readers } from '../../auth/roles.ts';
import type { Principal } from '../../http/principal.ts';
import { ForbiddenError } from '../../shared/errors.ts';
import { rankLeaderboard } from '../../../core/leaderboard/rank-leaderboard.ts';
import { currentPeriod } from '../../../core/periods/relative-periods.ts';
import { ok } from '../../http/responses.ts';
import { route } from '../../http/route.ts';
import { goalReader } from '../../store/goal-reader.ts';
import { resultReader } from '../../store/result-reader.ts';
import { NotFoundError, RequestValidationError } from '../../shared/errors.ts';
import { idSchema, localDateSchema } from '../../../core/model/primitives.ts';
import { idParamsSchema } from '../common-schemas.ts';
import { ownerTypes } from '../goals/goal-schema.ts';
import { currentRunOrNotFound, goalResultView, nestTree, progressView, requireCurrentRun, requireGoalResult, todayFor } from './read-results.ts';
import { runReader } from '../../store/run-reader.ts';

const progressSchema = z.object({
  goalId: z.string(),
  runId: z.string(),
  asOf: z.string(),
  period: z.object({ start: z.string(), end: z.string() }),
  status: z.enum(['upcoming', 'active', 'achieved', 'missed']),
  target: z.string(),
  stretchTarget: z.string().nullable(),
  actual: z.string().nullable(),
  inProgress: z.string().nullable(),
  custom: z.string().nullable(),
  percent: z.number().nullable(),
  stretchPercent: z.number().nullable(),
  remaining: z.string(),
  pace: z.object({ expected: z.string(), status: z.enum(['ahead', 'on_track', 'behind']), projected: z.string().nullable() }),
  milestones: z.array(z.number()),
  childrenTargetSum: z.string().nullable(),
  childrenTargetMismatch: z.boolean(),
  skippedRecords: z.number().int(),
});
const goalProgressSchema = progressSchema.extend({
  name: z.string(),
  metricId: z.string(),
  owner: z.object({ type: z.enum(ownerTypes), id: z.string() }),
  parentId: z.string().nullable(),
});
type TreeShape = z.infer<typeof goalProgressSchema> & { children: TreeShape[] };
// Named, so the OpenAPI document can refer to the recursive schema as a component.
const treeSchema: z.ZodType<TreeShape> = z.lazy(() => goalProgressSchema.extend({ children: z.array(treeSchema) })).meta({ id: 'GoalTree' });

const dayMs = 24 * 60 * 60 * 1000;

/** 403 unless the caller may see this owner's goals and results. */
type ZoneSource = string | Promise<string | undefined> | undefined;

/** The caller's scope, 403 unless it may see the owner's results. `timezone`: the current run's, when known (saves a read). */
async function readableScope(principal: Principal, owner: { type: string; id: string }, timezone?: ZoneSource): Promise<AccessScope> {
  const scope = await loadAccessScope(principal, Date.now(), { timezone });
  if (!canReadOwner(scope, owner as Parameters<typeof canReadOwner>[1])) {
    throw new ForbiddenError(`You may not see the results of ${owner.type} ${owner.id}`);
  }
  return scope;
}

const isOwnResults = (principal: Principal, owner: { type: string; id: string }) =>
  owner.type === 'user' && owner.id === principal.userId && readers.includes(principal.role);

/** 403 unless the caller may see the owner's results; a reader's own results need no lookup. */
async function assertMayReadOwner(principal: Principal, owner: { type: string; id: string }, timezone?: ZoneSource): Promise<void> {
  if (isOwnResults(principal, owner)) return;
  await readableScope(principal, owner, timezone);
}

export const resultRoutes = [
  route({
    key: 'GET /goals/{id}/progress',
    summary: "The goal's precomputed progress from the current run (404 before the first rollup)",
    params: idParamsSchema,
    response: progressSchema,
    handle: async ({ principal, params }) => {
      const { current, result } = await requireGoalResult(principal.tenant, params.id);
      await assertMayReadOwner(principal, result.goal.owner, current.timezone);
      return ok(progressView(result.progress));
    },
  }),
  route({
    key: 'GET /goals/{id}/tree',
    summary: 'The goal and its descendants, each with its progress, nested',
    params: idParamsSchema,
    response: treeSchema,
    handle: async ({ principal, params }) => {
      const { current, result: root } = await requireGoalResult(principal.tenant, params.id);
      const scope = await readableScope(principal, root.goal.owner, current.timezone);
      // The root's values include everything below it; the details of what the caller may not see are left out.
      const descendants = await resultReader.subtree(principal.tenant, current.runId, root);
      return ok(nestTree(root, descendants.filter((r) => canReadOwner(scope, r.goal.owner))));
    },
  }),
  route({
    key: 'GET /goals/{id}/history',
    summary: 'One progress point per day with a completed run, for trend charts (default: the last 365 days)',
    params: idParamsSchema,
    query: z.strictObject({ from: localDateSchema.optional(), to: localDateSchema.optional() }),
    response: z.object({ goalId: z.string(), items: z.array(progressSchema.extend({ date: z.string() })) }),
    handle: async ({ principal, params, query }) => {
      const goal = await goalReader.get(principal.tenant, params.id);
      if (!goal) throw new NotFoundError(`Goal ${params.id} not found`);
      await assertMayReadOwner(principal, goal.owner);
      const to = query.to ?? new Date(Date.now() + dayMs).toISOString().slice(0, 10);
      const from = query.from ?? new Date(Date.parse(to) - 365 * dayMs).toISOString().slice(0, 10);
      if (from > to) throw new RequestValidationError('`from` must not be after `to`', [{ path: 'query.from', message: 'After `to`' }]);
      const points = await resultReader.history(principal.tenant, params.id, from, to);
      return ok({ goalId: params.id, items: points.map((p) => ({ date: p.date, ...progressView(p.progress) })) });
    },
  }),
  route({
    key: 'GET /dashboard',
    summary: "All active goals of an owner with their progress (default: the caller's own)",
    allow: readers,
    query: z
      .strictObject({ ownerType: z.enum(ownerTypes).optional(), ownerId: idSchema.optional() })
      .refine((q) => (q.ownerType === undefined) === (q.ownerId === undefined), { message: 'ownerType and ownerId go together', path: ['ownerId'] }),
    response: z.object({ owner: z.object({ type: z.string(), id: z.string() }), runId: z.string(), asOf: z.string(), items: z.array(goalProgressSchema) }),
    handle: async ({ principal, query }) => {
      const owner = { type: query.ownerType ?? 'user', id: query.ownerId ?? principal.userId };
      // The current-run pointer and the caller's org are read at once; an unknown owner (404) and
      // access (403) are decided before "no results yet" (404).
      const pointer = runReader.getCurrent(principal.tenant);
      pointer.catch(() => undefined); // awaited below; a 403 first must not leave it unhandled
      if (!isOwnResults(principal, owner)) {
        const scope = await loadAccessScope(principal, Date.now(), { timezone: pointer.then((found) => found?.timezone) });
        await assertMayReadNamedOwner(scope, owner);
      }
      const current = currentRunOrNotFound(await pointer);
      const results = await resultReader.forOwner(principal.tenant, current.runId, owner.id, owner.type, todayFor(current, Date.now()));
      return ok({ owner, runId: current.runId, asOf: current.asOf, items: results.map(goalResultView) });
    },
  }),
  route({
    key: 'GET /leaderboard',
    summary: "Users' goals of a metric over the current week, month, quarter or year, ranked by percent (ties share a rank)",
    allow: readers,
    query: z.strictObject({
      metricId: idSchema,
      period: z.enum(['current-week', 'current-month', 'current-quarter', 'current-year']),
      unitId: idSchema.optional(),
      limit: z.enum(['5', '10', '20']).default('10').transform(Number),
    }),
    response: z.object({
      period: z.object({ start: z.string(), end: z.string() }),
      runId: z.string(),
      asOf: z.string(),
      items: z.array(z.object({ rank: z.number().int(), owner: z.object({ type: z.string(), id: z.string() }), goalId: z.string(), percent: z.number().nullable(), actual: z.string().nullable(), target: z.string() })),
    }),
    handle: async ({ principal, query }) => {
      const [current] = await Promise.all([requireCurrentRun(principal.tenant), query.unitId && requireUnitExists(principal.tenant, query.unitId)]);
      const period = currentPeriod(query.period, Date.now(), current);
      const results = await resultReader.leaderboard(principal.tenant, current.runId, query.metricId, period, query.unitId);
      const entries = results.map((r) => ({ owner: r.goal.owner, goalId: r.goal.id, percent: r.progress.percent, actual: r.progress.actual, target: r.progress.target }));
      return ok({ period, runId: current.runId, asOf: current.asOf, items: rankLeaderboard(entries, query.limit) });
    },
  }),
];
