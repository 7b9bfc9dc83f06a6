import type { User } from '../api/users/user-schema.ts';
import { entityOf } from './items.ts';
import { tenantPk, userKey } from './keys.ts';
import { queryAll, queryPage, type Page } from './query-pages.ts';
import { getEntity, putVersioned } from './versioned-writes.ts';

export interface UserRepository {
  get(tenant: string, id: string): Promise<User | undefined>;
  list(tenant: string, limit: number, cursor?: string): Promise<Page<User>>;
  all(tenant: string): Promise<User[]>;
  /** Writes the user if the stored version is `expectedVersion` (0: it must not exist yet). */
  put(tenant: string, user: User, expectedVersion: number): Promise<void>;
}

const usersQuery = (tenant: string) => ({
  KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
  ExpressionAttributeValues: { ':pk': tenantPk(tenant), ':prefix': 'user#' },
});

export const userRepository: UserRepository = {
  get: (tenant, id) => getEntity<User>(userKey(tenant, id)),
  list: (tenant, limit, cursor) =>
    queryPage(usersQuery(tenant), { limit, cursor, tenantPrefix: tenantPk(tenant) }, (item) => entityOf<User>(item)),
  all: (tenant) => queryAll(usersQuery(tenant), (item) => entityOf<User>(item)),
  put: (tenant, user, expectedVersion) =>
    putVersioned({ ...userKey(tenant, user.id), entity: 'user', ...user }, expectedVersion, `User ${user.id}`),
};
