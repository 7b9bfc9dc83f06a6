import type { User } from '../../core/model/user.ts';
import { getEntity } from './entity-reads.ts';
import { entityOf } from './items.ts';
import { tenantPk, userKey } from './keys.ts';
import { queryAll, queryPage } from './query-pages.ts';

const usersQuery = (tenant: string) => ({
  KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
  ExpressionAttributeValues: { ':pk': tenantPk(tenant), ':prefix': 'user#' },
});

/** Reading users (a module of its own, so read-only functions get read-only rights). */
export const userReader = {
  get: (tenant: string, id: string) => getEntity<User>(userKey(tenant, id)),
  list: (tenant: string, limit: number, cursor?: string) =>
    queryPage(usersQuery(tenant), { limit, cursor, tenantPrefix: tenantPk(tenant) }, (item) => entityOf<User>(item)),
  all: (tenant: string) => queryAll(usersQuery(tenant), (item) => entityOf<User>(item)),
};
