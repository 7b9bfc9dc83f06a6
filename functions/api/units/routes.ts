import { orgWriters } from '../../use-cases/access/roles.ts';
import { withWriteRetry } from '../../http/if-match.ts';
import { created, noContent, ok } from '../../http/responses.ts';
import { route } from '../../http/route.ts';
import { sealedPage } from '../../http/sealed-page.ts';
import { deleteUnit } from '../../use-cases/units/delete-unit.ts';
import { getUnit } from '../../use-cases/units/get-unit.ts';
import { listUnits } from '../../use-cases/units/list-units.ts';
import { putUnit } from '../../use-cases/units/put-unit.ts';
import { idParamsSchema, listQuerySchema, listResponse } from '../common-schemas.ts';
import { unitSchema } from '../../../core/model/unit.ts';
import { unitInputSchema } from './unit-schema.ts';

export const unitRoutes = [
  route({
    key: 'GET /units',
    summary: 'List units',
    query: listQuerySchema,
    response: listResponse(unitSchema),
    handle: async ({ principal, query, ports }) =>
      ok(await sealedPage(principal, 'GET /units', query, (cursor) => listUnits(ports, principal, { limit: query.limit, cursor }))),
  }),
  route({
    key: 'GET /units/{id}',
    summary: 'Get a unit',
    params: idParamsSchema,
    response: unitSchema,
    handle: async ({ principal, params, ports }) => {
      const unit = await getUnit(ports, principal, params.id);
      return ok(unit, { version: unit.version });
    },
  }),
  route({
    key: 'PUT /units/{id}',
    summary: 'Create or replace a unit (201 when created)',
    allow: orgWriters,
    successStatus: [200, 201],
    params: idParamsSchema,
    body: unitInputSchema,
    response: unitSchema,
    handle: async ({ principal, params, body, ifMatch, ports }) => {
      const { unit, created: isNew } = await withWriteRetry(ifMatch, () => putUnit(ports, principal, { id: params.id, unit: body, expectedVersion: ifMatch }));
      return (isNew ? created : ok)(unit, { version: unit.version });
    },
  }),
  route({
    key: 'DELETE /units/{id}',
    summary: 'Delete a unit (409 while it has child units or goals)',
    params: idParamsSchema,
    handle: async ({ principal, params, ifMatch, ports }) => {
      await deleteUnit(ports, principal, { id: params.id, expectedVersion: ifMatch });
      return noContent();
    },
  }),
];
