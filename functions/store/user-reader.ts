import { userSchema, type User } from '../../core/model/user.ts';
import { getItem } from './entity-reads.ts';
import { parseItem } from './items.ts';
import { tenantPk, userKey } from './keys.ts';
import { queryAll, queryPage } from './query-pages.ts';

const usersQuery = (tenant: string) => ({
  KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
  ExpressionAttributeValues: { ':pk': tenantPk(tenant), ':prefix': 'user#' },
});

/** A stored user item, parsed with the domain model (a StoredItemError when it does not match). */
const userOf = (item: Record<string, unknown>): User => parseItem(userSchema, item);

/** Reading users (a module of its own, so read-only functions get read-only rights). */
export const userReader = {
  async get(tenant: string, id: string): Promise<User | undefined> {
    const item = await getItem(userKey(tenant, id));
    return item && userOf(item);
  },
  list: (tenant: string, limit: number, cursor?: string) => queryPage(usersQuery(tenant), { limit, cursor, tenantPrefix: tenantPk(tenant) }, userOf),
  all: (tenant: string) => queryAll(usersQuery(tenant), userOf),
};
