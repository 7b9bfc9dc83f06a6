import type { User } from '../../../core/model/user.ts';
import type { Principal } from '../principal.ts';
import type { AppPorts, Page } from '../ports.ts';

/** A page of the caller's tenant's users in id order (every role may read users). */
export async function listUsers(
  ports: Pick<AppPorts, 'users'>,
  principal: Principal,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<User>> {
  return ports.users.list(principal.tenant, page.limit, page.cursor);
}
