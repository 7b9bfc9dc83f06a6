import { assertRole, readers } from '../access/roles.ts';
import type { Principal } from '../principal.ts';
import type { AppPorts } from '../ports.ts';

/** GET /rollups: the tenant's recent runs, newest first, a page at a time (`cursor`: where the last page ended). */
export async function listRuns(ports: Pick<AppPorts, 'runs'>, principal: Principal, page: { limit: number; cursor?: string | undefined }) {
  assertRole(principal, readers, 'read rollup runs');
  return ports.runs.listRuns(principal.tenant, page.limit, page.cursor);
}
