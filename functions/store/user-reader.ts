import { userSchema, type User } from '../../core/model/user.ts';
import { getEntities, getEntity } from './entity-reads.ts';
import { userKey } from './keys.ts';
import { tenantEntities } from './query-pages.ts';

const users = tenantEntities('user', userSchema);

/** Reading users, each parsed with the domain model (a module of its own, so read-only functions get read-only rights). */
export const userReader = {
  get: (tenant: string, id: string): Promise<User | undefined> => getEntity(userKey(tenant, id), userSchema),

  async getMany(tenant: string, ids: readonly string[]): Promise<Map<string, User>> {
    const found = await getEntities([...new Set(ids)].map((id) => userKey(tenant, id)), userSchema);
    return new Map(found.map((user) => [user.id, user]));
  },

  list: users.list,
  all: users.all,
};
