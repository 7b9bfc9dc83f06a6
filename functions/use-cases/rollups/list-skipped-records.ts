import type { SkippedRecord } from '../../../core/model/skipped-record.ts';
import { assertRole, recordReaders } from '../access/roles.ts';
import type { Principal } from '../principal.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { AppPorts, Page } from '../ports.ts';

/**
 * GET /rollups/{runId}/skipped: the records a run of the caller's tenant skipped and why, a page at a
 * time. They are records, so those who read records read them (admin, integration); 404 for an
 * unknown run first, then 403 for any other role.
 */
export async function listSkippedRecords(
  ports: Pick<AppPorts, 'runs' | 'skipped'>,
  principal: Principal,
  runId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<SkippedRecord>> {
  const run = await ports.runs.getRun(principal.tenant, runId);
  if (!run) throw new NotFoundError(`Run ${runId} not found`);
  assertRole(principal, recordReaders, 'read the records a run skipped');
  return ports.skipped.list(principal.tenant, runId, page.limit, page.cursor);
}
