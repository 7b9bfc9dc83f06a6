import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../../../functions/shared/errors.ts';
import type { AppPorts } from '../../../functions/use-cases/ports.ts';
import { readProgress } from '../../../functions/use-cases/results/read-progress.ts';
import { admin, ann, as, bob, mgr, orgPorts, publishedPorts, results, runId } from './results-fixture.ts';

describe('readProgress', () => {
  it('is 404 before the first rollup', async () => {
    const ports = await orgPorts();
    await expect(readProgress(ports, admin, 'g-ann')).rejects.toThrow(NotFoundError);
  });

  it('is 404 for a goal without a result in the current run', async () => {
    const ports = await publishedPorts();
    await expect(readProgress(ports, admin, 'g-nobody')).rejects.toThrow(NotFoundError);
  });

  it("returns the stored progress with the run's id", async () => {
    const ports = await publishedPorts();
    const progress = await readProgress(ports, ann, 'g-ann');
    expect(progress).toEqual(results.find((r) => r.goal.id === 'g-ann')!.progress);
    expect(progress.runId).toBe(runId);
  });

  it("lets a member see its own goals and its units' (and those above), not another team's", async () => {
    const ports = await publishedPorts();
    for (const id of ['g-ann', 'g-team-a', 'g-dept', 'g-org']) expect((await readProgress(ports, ann, id)).goalId).toBe(id);
    for (const id of ['g-bob', 'g-team-b']) await expect(readProgress(ports, ann, id), id).rejects.toThrow(ForbiddenError);
    await expect(readProgress(ports, bob, 'g-ann')).rejects.toThrow(ForbiddenError);
  });

  it('lets a manager see the units it manages and their members, not a sibling team', async () => {
    const ports = await publishedPorts();
    for (const id of ['g-ann', 'g-team-a', 'g-dept', 'g-org']) expect((await readProgress(ports, mgr, id)).goalId).toBe(id);
    for (const id of ['g-bob', 'g-team-b']) await expect(readProgress(ports, mgr, id), id).rejects.toThrow(ForbiddenError);
  });

  it('lets an admin see every goal and an integration none', async () => {
    const ports = await publishedPorts();
    for (const r of results) expect((await readProgress(ports, admin, r.goal.id)).goalId).toBe(r.goal.id);
    await expect(readProgress(ports, as('integration', 'crm'), 'g-org')).rejects.toThrow(ForbiddenError);
  });

  it("reads nothing of the org for a member's own goal", async () => {
    const ports = await publishedPorts();
    const org = { ...ports, units: unreadable<AppPorts['units']>(), users: unreadable<AppPorts['users']>(), settings: unreadable<AppPorts['settings']>() };
    expect((await readProgress(org, ann, 'g-ann')).goalId).toBe('g-ann');
  });

  it("never shows another tenant's results", async () => {
    const ports = await publishedPorts();
    await expect(readProgress(ports, as('admin', 'root', 'other'), 'g-ann')).rejects.toThrow(NotFoundError);
  });
});

/** A port any read of which fails the test. */
function unreadable<T>(): T {
  return new Proxy({}, { get: (_t, name) => (name === 'then' ? undefined : () => Promise.reject(new Error(`read ${String(name)}`))) }) as T;
}
