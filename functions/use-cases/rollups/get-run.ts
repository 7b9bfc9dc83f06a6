import type { RollupRun } from '../../../core/model/rollup-run.ts';
import { assertRole, readers } from '../access/roles.ts';
import type { Principal } from '../principal.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { AppPorts } from '../ports.ts';

/** GET /rollups/{runId}: one run of the caller's tenant (404 first, then 403 for a role that may not read runs). */
export async function getRun(ports: Pick<AppPorts, 'runs'>, principal: Principal, runId: string): Promise<RollupRun> {
  const run = await ports.runs.getRun(principal.tenant, runId);
  if (!run) throw new NotFoundError(`Run ${runId} not found`);
  assertRole(principal, readers, 'read rollup runs');
  return run;
}
