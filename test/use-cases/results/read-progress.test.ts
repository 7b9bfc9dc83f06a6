import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../../../functions/shared/errors.ts';
import type { AppPorts } from '../../../functions/use-cases/ports.ts';
import { readProgress } from '../../../functions/use-cases/results/read-progress.ts';
import { admin, ann, as, bob, mgr, orgPorts, publish, publishedPorts, results, runId } from './results-fixture.ts';

describe('readProgress', () => {
  it('is 404 for a goal nothing has computed yet, even before the first full run', async () => {
    const ports = await orgPorts();
    await expect(readProgress(ports, admin, 'g-ann')).rejects.toThrow(NotFoundError);
  });

  it("reads a goal a definition change's recomputation computed before the tenant's first full run, with runId null", async () => {
    // Prepare: standings published, no current run (no full run has succeeded)
    const ports = await orgPorts();
    await publish(ports, results.map((r) => ({ ...r, runId: null })));

    // Act
    const own = await readProgress(ports, ann, 'g-ann');
    const team = await readProgress(ports, ann, 'g-team-a');

    // Assess: the access scope still holds (the settings give the time zone)
    expect(own).toMatchObject({ goalId: 'g-ann', runId: null, actual: '50.00', percent: 50 });
    expect(team).toMatchObject({ goalId: 'g-team-a', runId: null });
    await expect(readProgress(ports, ann, 'g-bob')).rejects.toThrow(ForbiddenError);
  });

  it('is 404 for a goal without a result in the current run', async () => {
    const ports = await publishedPorts();
    await expect(readProgress(ports, admin, 'g-nobody')).rejects.toThrow(NotFoundError);
  });

  it("derives the progress from the goal's standing at the read's instant, with the run that computed it", async () => {
    const ports = await publishedPorts();
    ports.clock.advance(3_600_000);
    const progress = await readProgress(ports, ann, 'g-ann');
    expect(progress).toEqual({
      goalId: 'g-ann', runId, asOf: '2026-01-15T13:00:00.000Z', updatedAt: '2026-01-14T09:00:00.000Z', period: { start: '2026-01-01', end: '2026-12-31' },
      status: 'active', target: '100.00', stretchTarget: null, actual: '50.00', inProgress: null, custom: null, percent: 50, stretchPercent: null, remaining: '50.00',
      // 14 days and 13 hours of 365 elapsed: 100 × 14.54 ÷ 365 = 3.98 expected; 50 ÷ that share = 1255.01 projected.
      pace: { expected: '3.98', status: 'ahead', projected: '1255.01' },
      milestones: [25, 50], childrenTargetSum: null, childrenTargetMismatch: false, skippedRecords: 0, currency: 'EUR',
    });
    expect(results).toHaveLength(8);
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
