import { z } from 'zod';
import { goalResultSchema, storedProgressSchema, type GoalResult } from '../../../core/model/goal-result.ts';
import { idSchema, localDateSchema } from '../../../core/model/primitives.ts';
import { readers } from '../../use-cases/access/roles.ts';
import { ok } from '../../http/responses.ts';
import { route } from '../../http/route.ts';
import { readDashboard } from '../../use-cases/results/read-dashboard.ts';
import { readHistory } from '../../use-cases/results/read-history.ts';
import { readLeaderboard } from '../../use-cases/results/read-leaderboard.ts';
import { readProgress } from '../../use-cases/results/read-progress.ts';
import { readTree, type ResultTree } from '../../use-cases/results/read-tree.ts';
import { idParamsSchema } from '../common-schemas.ts';
import { ownerTypes } from '../../../core/model/goal.ts';

/** The contract's progress object: the stored progress, fields in the contract's order. */
const progressSchema = storedProgressSchema;
const goalProgressSchema = progressSchema.extend(goalResultSchema.shape.goal.omit({ id: true }).shape).extend({ parentId: z.string().nullable() });
type GoalProgressView = z.infer<typeof goalProgressSchema>;
type TreeShape = GoalProgressView & { children: TreeShape[] };
// Named, so the OpenAPI document can refer to the recursive schema as a component.
const treeSchema: z.ZodType<TreeShape> = z.lazy(() => goalProgressSchema.extend({ children: z.array(treeSchema) })).meta({ id: 'GoalTree' });

/** A goal's progress with the goal's name and owner, as lists and trees show it. */
const goalResultView = (result: GoalResult): GoalProgressView => ({
  name: result.goal.name,
  metricId: result.goal.metricId,
  owner: result.goal.owner,
  parentId: result.goal.parentId,
  ...result.progress,
});

const treeView = (tree: ResultTree): TreeShape => ({ ...goalResultView(tree.result), children: tree.children.map(treeView) });

export const resultRoutes = [
  route({
    key: 'GET /goals/{id}/progress',
    summary: "The goal's precomputed progress from the current run (404 before the first rollup)",
    params: idParamsSchema,
    response: progressSchema,
    handle: async ({ principal, params, ports }) => ok(await readProgress(ports, principal, params.id)),
  }),
  route({
    key: 'GET /goals/{id}/tree',
    summary: 'The goal and its descendants, each with its progress, nested',
    params: idParamsSchema,
    response: treeSchema,
    handle: async ({ principal, params, ports }) => ok(treeView(await readTree(ports, principal, params.id))),
  }),
  route({
    key: 'GET /goals/{id}/history',
    summary: 'One progress point per day with a completed run, for trend charts (default: the last 365 days)',
    params: idParamsSchema,
    query: z.strictObject({ from: localDateSchema.optional(), to: localDateSchema.optional() }),
    response: z.object({ goalId: z.string(), items: z.array(progressSchema.extend({ date: z.string() })) }),
    handle: async ({ principal, params, query, ports }) => {
      const points = await readHistory(ports, principal, params.id, query);
      return ok({ goalId: params.id, items: points.map((p) => ({ date: p.date, ...p.progress })) });
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
    handle: async ({ principal, query, ports }) => {
      const owner = query.ownerType && query.ownerId ? { type: query.ownerType, id: query.ownerId } : undefined;
      const { owner: shown, current, results } = await readDashboard(ports, principal, owner);
      return ok({ owner: shown, runId: current.runId, asOf: current.asOf, items: results.map(goalResultView) });
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
    handle: async ({ principal, query, ports }) => {
      const { period, current, items } = await readLeaderboard(ports, principal, query);
      return ok({ period, runId: current.runId, asOf: current.asOf, items });
    },
  }),
];
