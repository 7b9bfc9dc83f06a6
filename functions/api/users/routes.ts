import { assertIfMatch, withWriteRetry } from '../../http/if-match.ts';
import { orgWriters } from '../../auth/roles.ts';
import { created, ok } from '../../http/responses.ts';
import { route } from '../../http/route.ts';
import { sealedPage } from '../../http/sealed-page.ts';
import { unitRepository } from '../../store/unit-repository.ts';
import { userRepository } from '../../store/user-repository.ts';
import { NotFoundError, RequestValidationError } from '../../shared/errors.ts';
import { idParamsSchema, listQuerySchema, listResponse } from '../common-schemas.ts';
import { userSchema, type User } from '../../../core/model/user.ts';
import { userInputSchema } from './user-schema.ts';

export const userRoutes = [
  route({
    key: 'GET /users',
    summary: 'List users',
    query: listQuerySchema,
    response: listResponse(userSchema),
    handle: async ({ principal, query }) =>
      ok(await sealedPage(principal, 'GET /users', query, (cursor) => userRepository.list(principal.tenant, query.limit, cursor))),
  }),
  route({
    key: 'GET /users/{id}',
    summary: 'Get a user',
    params: idParamsSchema,
    response: userSchema,
    handle: async ({ principal, params }) => {
      const user = await userRepository.get(principal.tenant, params.id);
      if (!user) throw new NotFoundError(`User ${params.id} not found`);
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
    handle: async ({ principal, params, body, ifMatch }) =>
      withWriteRetry(ifMatch, async () => {
        const { tenant } = principal;
        const existing = await userRepository.get(tenant, params.id);
        const currentVersion = existing?.version ?? 0;
        assertIfMatch(ifMatch, currentVersion, `User ${params.id}`);
        const units = await unitRepository.getMany(tenant, body.memberships.map((m) => m.unitId));
        const unknown = body.memberships.flatMap((m, i) =>
          units.has(m.unitId) ? [] : [{ path: `body.memberships.${i}.unitId`, message: `Unit ${m.unitId} not found` }],
        );
        if (unknown.length > 0) throw new RequestValidationError('A membership names a unit that does not exist', unknown);
        const user: User = {
          id: params.id,
          name: body.name,
          email: body.email ?? null,
          role: body.role,
          active: body.active ?? true,
          zones: [...new Set(body.zones ?? [])],
          memberships: body.memberships.map((m) => ({ unitId: m.unitId, from: m.from ?? null, to: m.to ?? null })),
          canLockTargets: body.canLockTargets ?? false,
          version: currentVersion + 1,
        };
        await userRepository.put(tenant, user, currentVersion);
        return (existing ? ok : created)(user, { version: user.version });
      }),
  }),
];
