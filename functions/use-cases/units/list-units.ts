import type { Unit } from '../../../core/model/unit.ts';
import type { Principal } from '../principal.ts';
import type { AppPorts, Page } from '../ports.ts';

/** A page of the caller's tenant's units in id order (every role may read units). */
export async function listUnits(
  ports: Pick<AppPorts, 'units'>,
  principal: Principal,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<Unit>> {
  return ports.units.list(principal.tenant, page.limit, page.cursor);
}
