import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../../../functions/shared/errors.ts';
import { getRun } from '../../../functions/use-cases/rollups/get-run.ts';
import { listRuns } from '../../../functions/use-cases/rollups/list-runs.ts';
import { triggerRollup } from '../../../functions/use-cases/rollups/trigger-rollup.ts';
import { admin, ann, as, tenant } from '../results/results-fixture.ts';
import { memoryPorts } from '../../support/memory/ports.ts';

/** Three runs of the tenant, one a minute (each freeing the lease for the next). */
async function threeRuns() {
  const ports = memoryPorts();
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const { runId } = await triggerRollup(ports, tenant, null);
    await ports.runs.releaseLease(tenant, runId);
    ids.push(runId);
    ports.clock.advance(60_000);
  }
  return { ports, ids };
}

describe('getRun', () => {
  it("reads one of the tenant's runs for every reader", async () => {
    const { ports, ids } = await threeRuns();
    for (const who of [admin, ann, as('manager', 'mgr')]) expect(await getRun(ports, who, ids[1]!)).toMatchObject({ runId: ids[1], trigger: 'manual', goalId: null });
  });

  it("is 404 for an unknown run or another tenant's, before 403 for an integration", async () => {
    const { ports, ids } = await threeRuns();
    await expect(getRun(ports, admin, 'nope')).rejects.toThrow(NotFoundError);
    await expect(getRun(ports, as('admin', 'root', 'other'), ids[0]!)).rejects.toThrow(NotFoundError);
    await expect(getRun(ports, as('integration', 'crm'), 'nope')).rejects.toThrow(NotFoundError);
    await expect(getRun(ports, as('integration', 'crm'), ids[0]!)).rejects.toThrow(ForbiddenError);
  });
});

describe('listRuns', () => {
  it('lists the newest first, a page at a time', async () => {
    const { ports, ids } = await threeRuns();
    const first = await listRuns(ports, ann, { limit: 2 });
    expect(first.items.map((r) => r.runId)).toEqual([ids[2], ids[1]]);
    expect(first.nextCursor).not.toBeNull();
    const second = await listRuns(ports, ann, { limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((r) => r.runId)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();
  });

  it('is refused to an integration', async () => {
    const { ports } = await threeRuns();
    await expect(listRuns(ports, as('integration', 'crm'), { limit: 2 })).rejects.toThrow(ForbiddenError);
  });
});
