import type { User } from '../../core/model/user.ts';
import { userKey } from './keys.ts';
import type { Page } from './query-pages.ts';
import { userReader } from './user-reader.ts';
import { putVersioned } from './versioned-writes.ts';

export interface UserRepository {
  get(tenant: string, id: string): Promise<User | undefined>;
  list(tenant: string, limit: number, cursor?: string): Promise<Page<User>>;
  all(tenant: string): Promise<User[]>;
  /** Writes the user if the stored version is `expectedVersion` (0: it must not exist yet). */
  put(tenant: string, user: User, expectedVersion: number): Promise<void>;
}

export const userRepository: UserRepository = {
  ...userReader,
  put: (tenant, user, expectedVersion) =>
    putVersioned({ ...userKey(tenant, user.id), entity: 'user', ...user }, expectedVersion, `User ${user.id}`),
};
