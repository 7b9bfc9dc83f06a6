import { goalWriters, readers } from '../../use-cases/access/roles.ts';
import { withWriteRetry } from '../../http/if-match.ts';
import { created, noContent, ok } from '../../http/responses.ts';
import { route } from '../../http/route.ts';
import { sealedPage } from '../../http/sealed-page.ts';
import { createGoal } from '../../use-cases/goals/create-goal.ts';
import { deleteGoal } from '../../use-cases/goals/delete-goal.ts';
import { getGoal } from '../../use-cases/goals/get-goal.ts';
import { listGoals } from '../../use-cases/goals/list-goals.ts';
import { setGoalLock } from '../../use-cases/goals/lock-goal.ts';
import { updateGoal } from '../../use-cases/goals/update-goal.ts';
import { idParamsSchema, listResponse } from '../common-schemas.ts';
import { cascadeRoute, periodsRoute } from './distribution-routes.ts';
import { goalSchema } from '../../../core/model/goal.ts';
import { goalCreateSchema, goalPatchSchema } from '../../use-cases/goals/goal-inputs.ts';
import { goalListQuerySchema } from './goal-schema.ts';

const lockRoute = (locked: boolean) =>
  route({
    key: locked ? 'POST /goals/{id}/lock' : 'POST /goals/{id}/unlock',
    summary: locked ? 'Lock the goal: its target, period and metric can no longer change' : 'Unlock the goal',
    params: idParamsSchema,
    response: goalSchema,
    handle: async ({ principal, params, ifMatch, ports }) => {
      const goal = await setGoalLock(ports, principal, { id: params.id, locked, expectedVersion: ifMatch });
      return ok(goal, { version: goal.version });
    },
  });

export const goalRoutes = [
  route({
    key: 'POST /goals',
    summary: 'Create a goal; the period may be given as start/end or as granularity + anchor',
    allow: goalWriters,
    successStatus: 201,
    body: goalCreateSchema,
    response: goalSchema,
    handle: async ({ principal, body, ports }) => {
      const goal = await createGoal(ports, principal, body);
      return created(goal, { version: goal.version });
    },
  }),
  route({
    key: 'GET /goals',
    summary: 'List the goals the caller may see, filtered by owner, parent, metric or a date the period contains; a page may hold fewer than `limit` goals, with a `nextCursor` to go on',
    allow: readers,
    query: goalListQuerySchema,
    response: listResponse(goalSchema),
    handle: async ({ principal, query, ports }) =>
      ok(await sealedPage(principal, 'GET /goals', query, (cursor) => listGoals(ports, principal, { ...query, cursor }))),
  }),
  route({
    key: 'GET /goals/{id}',
    summary: 'Get a goal',
    params: idParamsSchema,
    response: goalSchema,
    handle: async ({ principal, params, ports }) => {
      const goal = await getGoal(ports, principal, params.id);
      return ok(goal, { version: goal.version });
    },
  }),
  route({
    key: 'PATCH /goals/{id}',
    summary: 'Change a goal (If-Match honoured; a locked goal refuses target, period and metric changes with 423)',
    params: idParamsSchema,
    body: goalPatchSchema,
    response: goalSchema,
    // Without If-Match the caller asked for the last writer to win: a write that lost a race is applied again.
    handle: async ({ principal, params, body, ifMatch, ports }) => {
      const goal = await withWriteRetry(ifMatch, () => updateGoal(ports, principal, { id: params.id, patch: body, expectedVersion: ifMatch }));
      return ok(goal, { version: goal.version });
    },
  }),
  route({
    key: 'DELETE /goals/{id}',
    summary: 'Delete a goal; its children stay and lose their parentId (a locked goal: 423, unlock it first)',
    params: idParamsSchema,
    handle: async ({ principal, params, ifMatch, ports }) => {
      await deleteGoal(ports, principal, { id: params.id, expectedVersion: ifMatch });
      return noContent();
    },
  }),
  lockRoute(true),
  lockRoute(false),
  cascadeRoute,
  periodsRoute,
];
