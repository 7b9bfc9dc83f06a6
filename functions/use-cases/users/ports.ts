import type { User } from '../../../core/model/user.ts';
import type { Page } from '../ports.ts';

/** The tenant's users (functions/store/user-repository.ts in AWS; test/support/memory/org.ts in tests). */
export interface UserStore {
  get(tenant: string, id: string): Promise<User | undefined>;
  /** Which of these ids are users of the tenant: one batched read of their ids only (a batch of records names its owners). */
  existing(tenant: string, ids: readonly string[]): Promise<Set<string>>;
  /** A page in id order; `cursor` is the store's position where the previous page stopped. */
  list(tenant: string, limit: number, cursor?: string): Promise<Page<User>>;
  /** Every user of the tenant, deactivated ones included (they still count in rollups). */
  all(tenant: string): Promise<User[]>;
  /** Writes the user if the stored version is `expectedVersion` (0: it must not exist yet); VersionConflictError otherwise. */
  put(tenant: string, user: User, expectedVersion: number): Promise<void>;
}
