import { assertRole, orgWriters } from '../access/roles.ts';
import type { Principal } from '../principal.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { AppPorts } from '../ports.ts';

/**
 * Deletes a record (admins and integrations): the store keeps a tombstone dated now, so a delayed
 * upsert from before the delete cannot bring it back. NotFoundError for what does not exist in the
 * tenant (whatever the role), ForbiddenError for what exists but the caller may not delete.
 */
export async function deleteRecord(
  ports: Pick<AppPorts, 'records' | 'clock'>,
  principal: Principal,
  key: { recordType: string; id: string },
): Promise<void> {
  const notFound = () => new NotFoundError(`Record ${key.recordType}/${key.id} not found`);
  if (!orgWriters.includes(principal.role)) {
    if (!(await ports.records.get(principal.tenant, key.recordType, key.id))) throw notFound();
    assertRole(principal, orgWriters, 'delete records');
  }
  if (!(await ports.records.delete(principal.tenant, key.recordType, key.id, ports.clock.now()))) throw notFound();
}
