import { ulid } from 'ulid';
import { assertIfMatch, withWriteRetry } from '../../http/if-match.ts';
import { created, noContent, ok } from '../../http/responses.ts';
import { route } from '../../http/route.ts';
import { sealedPage } from '../../http/sealed-page.ts';
import { goalRepository } from '../../store/goal-repository.ts';
import { requireGoal } from './require-goal.ts';
import { idParamsSchema, listResponse } from '../common-schemas.ts';
import { assembleGoal } from './assemble-goal.ts';
import { cascadeRoute, periodsRoute } from './distribution-routes.ts';
import { type Goal, goalSchema } from '../../../core/model/goal.ts';
import { goalCreateSchema, goalListQuerySchema, goalPatchSchema } from './goal-schema.ts';
import { assertMayDelete, assertUnlockedChange, saveGoal } from './save-goal.ts';
import { assertMayLock, assertMayReadGoal, assertMayWriteOwners } from './goal-access.ts';
import { goalWriters, readers } from '../../auth/roles.ts';
import { canReadOwner, loadAccessScope } from '../../auth/access-scope.ts';
import type { AppPorts } from '../../use-cases/ports.ts';
import { scheduleTenant as ensureTenantScheduled } from '../../use-cases/rollups/schedule-tenant.ts';
import { logger } from '../../shared/observability.ts';

/**
 * A tenant's first goal gives it its nightly schedule. The goal is stored either way: a failure here
 * is logged and tried again with the tenant's next goal, never the caller's error.
 */
async function scheduleTenant(ports: AppPorts, tenant: string): Promise<void> {
  try {
    await ensureTenantScheduled(ports, tenant);
  } catch (error) {
    logger.error('The tenant schedule could not be ensured; the next goal created tries again', { tenant, error: error instanceof Error ? error : String(error) });
  }
}


const lockRoute = (locked: boolean) =>
  route({
    key: locked ? 'POST /goals/{id}/lock' : 'POST /goals/{id}/unlock',
    summary: locked ? 'Lock the goal: its target, period and metric can no longer change' : 'Unlock the goal',
    params: idParamsSchema,
    response: goalSchema,
    handle: async ({ principal, params, ifMatch }) => {
      const goal = await requireGoal(principal.tenant, params.id);
      await assertMayLock(principal, goal);
      assertIfMatch(ifMatch, goal.version, `Goal ${goal.id}`);
      if (goal.locked === locked) return ok(goal, { version: goal.version });
      const next: Goal = { ...goal, locked, version: goal.version + 1 };
      await goalRepository.write(principal.tenant, [{ goal: next, expectedVersion: goal.version }]);
      return ok(next, { version: next.version });
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
      const { id, ...input } = body;
      const { goal } = await assembleGoal(principal.tenant, input, { id: id ?? ulid(), version: 1, locked: false });
      await assertMayWriteOwners(principal, [goal.owner]);
      await saveGoal(principal.tenant, goal, undefined, principal);
      await scheduleTenant(ports, principal.tenant);
      return created(goal, { version: goal.version });
    },
  }),
  route({
    key: 'GET /goals',
    summary: 'List the goals the caller may see, filtered by owner, parent, metric or a date the period contains; a page may hold fewer than `limit` goals, with a `nextCursor` to go on',
    allow: readers,
    query: goalListQuerySchema,
    response: listResponse(goalSchema),
    handle: async ({ principal, query }) => {
      const scope = await loadAccessScope(principal);
      const visible = (goal: Goal) => canReadOwner(scope, goal.owner);
      return ok(await sealedPage(principal, 'GET /goals', query, (cursor) => goalRepository.list(principal.tenant, { ...query, cursor }, visible)));
    },
  }),
  route({
    key: 'GET /goals/{id}',
    summary: 'Get a goal',
    params: idParamsSchema,
    response: goalSchema,
    handle: async ({ principal, params }) => {
      const goal = await requireGoal(principal.tenant, params.id);
      await assertMayReadGoal(principal, goal);
      return ok(goal, { version: goal.version });
    },
  }),
  route({
    key: 'PATCH /goals/{id}',
    summary: 'Change a goal (If-Match honoured; a locked goal refuses target, period and metric changes with 423)',
    params: idParamsSchema,
    body: goalPatchSchema,
    response: goalSchema,
    handle: async ({ principal, params, body, ifMatch }) =>
      withWriteRetry(ifMatch, async () => {
        const before = await requireGoal(principal.tenant, params.id);
        const scope = await assertMayWriteOwners(principal, [before.owner]);
        assertIfMatch(ifMatch, before.version, `Goal ${before.id}`);
        const { id: _id, locked, version, ...current } = before;
        const { goal } = await assembleGoal(principal.tenant, { ...current, ...body }, { id: before.id, version: version + 1, locked });
        await assertMayWriteOwners(principal, [goal.owner], scope);
        assertUnlockedChange(before, goal);
        await saveGoal(principal.tenant, goal, before, principal);
        return ok(goal, { version: goal.version });
      }),
  }),
  route({
    key: 'DELETE /goals/{id}',
    summary: 'Delete a goal; its children stay and lose their parentId (a locked goal: 423, unlock it first)',
    params: idParamsSchema,
    handle: async ({ principal, params, ifMatch }) => {
      const goal = await requireGoal(principal.tenant, params.id);
      await assertMayWriteOwners(principal, [goal.owner]);
      assertIfMatch(ifMatch, goal.version, `Goal ${goal.id}`);
      assertMayDelete(goal);
      // The delete insists on the version read, so a goal locked in the meantime is not deleted either.
      await goalRepository.delete(principal.tenant, goal);
      return noContent();
    },
  }),
  lockRoute(true),
  lockRoute(false),
  cascadeRoute,
  periodsRoute,
];
