import { ConflictError, NotFoundError, RequestValidationError } from '../../shared/errors.ts';
import { assertIfMatch, withWriteRetry } from '../../http/if-match.ts';
import { created, noContent, ok } from '../../http/responses.ts';
import { route } from '../../http/route.ts';
import { sealedPage } from '../../http/sealed-page.ts';
import { goalRepository } from '../../store/goal-repository.ts';
import { unitRepository } from '../../store/unit-repository.ts';
import { idParamsSchema, listQuerySchema, listResponse } from '../common-schemas.ts';
import { unitSchema, type Unit } from '../../../core/model/unit.ts';
import { unitInputSchema } from './unit-schema.ts';

import { assertRole, orgWriters } from '../../auth/roles.ts';

const writers = orgWriters;

async function requireUnit(tenant: string, id: string): Promise<Unit> {
  const unit = await unitRepository.get(tenant, id);
  if (!unit) throw new NotFoundError(`Unit ${id} not found`);
  return unit;
}

/** The parent must exist, and following parents up from it must never reach the unit itself. */
async function checkParent(tenant: string, unitId: string, parentId: string): Promise<void> {
  if (parentId === unitId) throw new ConflictError(`Unit ${unitId} cannot be its own parent`);
  const seen = new Set<string>();
  let current: string | null = parentId;
  while (current !== null) {
    const ancestor = await unitRepository.get(tenant, current);
    if (!ancestor) {
      if (current === parentId) {
        throw new RequestValidationError('The parent unit does not exist', [{ path: 'body.parentId', message: `Unit ${parentId} not found` }]);
      }
      return;
    }
    if (ancestor.id === unitId || seen.has(ancestor.id)) {
      throw new ConflictError(`Making ${parentId} the parent of ${unitId} would create a cycle`);
    }
    seen.add(ancestor.id);
    current = ancestor.parentId;
  }
}

export const unitRoutes = [
  route({
    key: 'GET /units',
    summary: 'List units',
    query: listQuerySchema,
    response: listResponse(unitSchema),
    handle: async ({ principal, query }) =>
      ok(await sealedPage(principal, 'GET /units', query, (cursor) => unitRepository.list(principal.tenant, query.limit, cursor))),
  }),
  route({
    key: 'GET /units/{id}',
    summary: 'Get a unit',
    params: idParamsSchema,
    response: unitSchema,
    handle: async ({ principal, params }) => {
      const unit = await requireUnit(principal.tenant, params.id);
      return ok(unit, { version: unit.version });
    },
  }),
  route({
    key: 'PUT /units/{id}',
    summary: 'Create or replace a unit (201 when created)',
    allow: writers,
    successStatus: [200, 201],
    params: idParamsSchema,
    body: unitInputSchema,
    response: unitSchema,
    handle: async ({ principal, params, body, ifMatch }) =>
      withWriteRetry(ifMatch, async () => {
        const { tenant } = principal;
        const existing = await unitRepository.get(tenant, params.id);
        const currentVersion = existing?.version ?? 0;
        assertIfMatch(ifMatch, currentVersion, `Unit ${params.id}`);
        const parentId = body.parentId ?? null;
        if (body.kind === 'organization' && parentId !== null) {
          throw new RequestValidationError('An organization has no parent unit', [{ path: 'body.parentId', message: 'Must be null for an organization' }]);
        }
        if (parentId !== null) await checkParent(tenant, params.id, parentId);
        if (existing && existing.kind !== body.kind && (await goalRepository.hasGoalsForOwner(tenant, existing.kind, existing.id))) {
          throw new ConflictError(`Unit ${params.id} owns goals as a ${existing.kind}; its kind cannot change`);
        }
        const unit: Unit = {
          id: params.id,
          name: body.name,
          kind: body.kind,
          parentId,
          managerIds: [...new Set(body.managerIds ?? [])],
          version: currentVersion + 1,
        };
        await unitRepository.put(tenant, unit, currentVersion);
        return (existing ? ok : created)(unit, { version: unit.version });
      }),
  }),
  route({
    key: 'DELETE /units/{id}',
    summary: 'Delete a unit (409 while it has child units or goals)',
    params: idParamsSchema,
    handle: async ({ principal, params, ifMatch }) => {
      const { tenant } = principal;
      const unit = await requireUnit(tenant, params.id);
      assertRole(principal, orgWriters, 'delete units');
      assertIfMatch(ifMatch, unit.version, `Unit ${unit.id}`);
      if (await unitRepository.hasChildren(tenant, unit.id)) throw new ConflictError(`Unit ${unit.id} has child units`);
      if (await goalRepository.hasGoalsForOwner(tenant, unit.kind, unit.id)) throw new ConflictError(`Unit ${unit.id} owns goals`);
      await unitRepository.delete(tenant, unit.id, unit.version);
      return noContent();
    },
  }),
];
