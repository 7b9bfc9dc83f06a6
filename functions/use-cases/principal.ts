import type { Role } from '../../core/model/primitives.ts';

/** Who a use case acts for: the caller's tenant, user id and role (the adapters establish it, e.g. from JWT claims). */
export interface Principal {
  readonly tenant: string;
  readonly userId: string;
  readonly role: Role;
}
