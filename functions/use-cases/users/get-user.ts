import type { User } from '../../../core/model/user.ts';
import type { Principal } from '../principal.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { AppPorts } from '../ports.ts';

/** A user of the caller's tenant (every role may read users); NotFoundError when there is none. */
export async function getUser(ports: Pick<AppPorts, 'users'>, principal: Principal, id: string): Promise<User> {
  const user = await ports.users.get(principal.tenant, id);
  if (!user) throw new NotFoundError(`User ${id} not found`);
  return user;
}
