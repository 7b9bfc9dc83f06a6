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
import { readTree, readTreeOrPending, type PendingTree, type ResultTree } from '../../use-cases/results/read-tree.ts';
import { idParamsSchema } from '../common-schemas.ts';
import { ownerTypes } from '../../../core/model/goal.ts';

/** The contract's progress object: the stored progress, fields in the contract's order. */
const progressSchema = storedProgressSchema;
const goalProgressSchema = progressSchema.extend(goalResultSchema.shape.goal.omit({ id: true }).shape).extend({ parentId: z.string().nullable() });
type GoalProgressView = z.infer<typeof goalProgressSchema>;
type TreeShape = GoalProgressView & { computed?: true; children: TreeShape[] };
// Named, so the OpenAPI document can refer to the recursive schema as a component.
const treeSchema: z.ZodType<TreeShape> = z
  .lazy(() => goalProgressSchema.extend({ computed: z.literal(true).optional().describe('With ?pending=include: the values are computed'), children: z.array(treeSchema) }))
  .meta({ id: 'GoalTree' });

/** With ?pending=include, a goal no run has computed yet: the goal's own fields, its values null. */
const pendingTreeSchema = z
  .object({
    name: z.string(),
    metricId: z.string(),
    owner: goalResultSchema.shape.goal.shape.owner,
    parentId: z.string().nullable(),
    computed: z.literal(false),
    goalId: z.string(),
    runId: z.null(),
    asOf: z.string(),
    updatedAt: z.null(),
    period: progressSchema.shape.period,
    status: z.null(),
    target: z.string(),
    stretchTarget: z.string().nullable(),
    actual: z.null(),
    inProgress: z.null(),
    custom: z.null(),
    percent: z.null(),
    stretchPercent: z.null(),
    remaining: z.null(),
    pace: z.null(),
    milestones: z.tuple([]),
    childrenTargetSum: z.null(),
    childrenTargetMismatch: z.null(),
    skippedRecords: z.null(),
    currency: z.null(),
    children: z.tuple([]),
  })
  .meta({ id: 'PendingGoalTree' });
type PendingShape = z.infer<typeof pendingTreeSchema>;

/** A goal's progress with the goal's name and owner, as lists and trees show it. */
const goalResultView = (result: GoalResult): GoalProgressView => ({
  name: result.goal.name,
  metricId: result.goal.metricId,
  owner: result.goal.owner,
  parentId: result.goal.parentId,
  ...result.progress,
});

const treeView = (tree: ResultTree, marked = false): TreeShape => ({
  ...goalResultView(tree.result),
  ...(marked ? { computed: true as const } : {}),
  children: tree.children.map((child) => treeView(child, marked)),
});

const pendingView = ({ pending: goal, asOf }: PendingTree): PendingShape => ({
  name: goal.name,
  metricId: goal.metricId,
  owner: goal.owner,
  parentId: goal.parentId,
  computed: false,
  goalId: goal.id,
  runId: null,
  asOf,
  updatedAt: null,
  period: goal.period,
  status: null,
  target: goal.target,
  stretchTarget: goal.stretchTarget,
  actual: null,
  inProgress: null,
  custom: null,
  percent: null,
  stretchPercent: null,
  remaining: null,
  pace: null,
  milestones: [],
  childrenTargetSum: null,
  childrenTargetMismatch: null,
  skippedRecords: null,
  currency: null,
  children: [],
});

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
    summary:
      'The goal and its descendants, each with its progress, nested (404 while the goal\'s values are not computed yet, a few seconds after it was made). ' +
      'With `?pending=include` such a goal answers 200 instead, marked `"computed": false` with its values null (and every node of a computed tree `"computed": true`)',
    params: idParamsSchema,
    query: z.strictObject({ pending: z.literal('include').optional() }),
    response: z.union([treeSchema, pendingTreeSchema]),
    handle: async ({ principal, params, query, ports }) => {
      if (query.pending !== 'include') return ok(treeView(await readTree(ports, principal, params.id)));
      const tree = await readTreeOrPending(ports, principal, params.id);
      return ok('pending' in tree ? pendingView(tree) : treeView(tree, true));
    },
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
