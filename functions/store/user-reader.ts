import { userSchema, type User } from '../../core/model/user.ts';
import { getEntity, getItems } from './entity-reads.ts';
import { parseItem } from './items.ts';
import { userKey } from './keys.ts';
import { tenantEntities } from './query-pages.ts';

const users = tenantEntities('user', userSchema);
const userIdSchema = userSchema.pick({ id: true });

/** Reading users, each parsed with the domain model (a module of its own, so read-only functions get read-only rights). */
export const userReader = {
  get: (tenant: string, id: string): Promise<User | undefined> => getEntity(userKey(tenant, id), userSchema),

  async existing(tenant: string, ids: readonly string[]): Promise<Set<string>> {
    const found = await getItems([...new Set(ids)].map((id) => userKey(tenant, id)), { attributes: ['pk', 'sk', 'id'] });
    return new Set(found.map((item) => parseItem(userIdSchema, item).id));
  },

  list: users.list,
  all: users.all,
};
