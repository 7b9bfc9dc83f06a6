import { orgWriters } from '../../use-cases/access/roles.ts';
import { withWriteRetry } from '../../http/if-match.ts';
import { created, ok } from '../../http/responses.ts';
import { route } from '../../http/route.ts';
import { sealedPage } from '../../http/sealed-page.ts';
import { getUser } from '../../use-cases/users/get-user.ts';
import { listUsers } from '../../use-cases/users/list-users.ts';
import { putUser } from '../../use-cases/users/put-user.ts';
import { idParamsSchema, listQuerySchema, listResponse } from '../common-schemas.ts';
import { userSchema } from '../../../core/model/user.ts';
import { userInputSchema } from './user-schema.ts';

export const userRoutes = [
  route({
    key: 'GET /users',
    summary: 'List users',
    query: listQuerySchema,
    response: listResponse(userSchema),
    handle: async ({ principal, query, ports }) =>
      ok(await sealedPage(principal, 'GET /users', query, (cursor) => listUsers(ports, principal, { limit: query.limit, cursor }))),
  }),
  route({
    key: 'GET /users/{id}',
    summary: 'Get a user',
    params: idParamsSchema,
    response: userSchema,
    handle: async ({ principal, params, ports }) => {
      const user = await getUser(ports, principal, params.id);
      return ok(user, { version: user.version });
    },
  }),
  route({
    key: 'PUT /users/{id}',
    summary: 'Create or replace a user and their effective-dated memberships (201 when created)',
    allow: orgWriters,
    successStatus: [200, 201],
    params: idParamsSchema,
    body: userInputSchema,
    response: userSchema,
    handle: async ({ principal, params, body, ifMatch, ports }) => {
      const { user, created: isNew } = await withWriteRetry(ifMatch, () => putUser(ports, principal, { id: params.id, user: body, expectedVersion: ifMatch }));
      return (isNew ? created : ok)(user, { version: user.version });
    },
  }),
];
