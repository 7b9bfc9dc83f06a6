import type { UserStore } from '../use-cases/users/ports.ts';
import { userKey } from './keys.ts';
import { userReader } from './user-reader.ts';
import { putVersioned } from './versioned-writes.ts';

export const userRepository: UserStore = {
  ...userReader,
  put: (tenant, user, expectedVersion) =>
    putVersioned({ ...userKey(tenant, user.id), entity: 'user', ...user }, expectedVersion, `User ${user.id}`),
};
