import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../../../functions/shared/errors.ts';
import { readDashboard } from '../../../functions/use-cases/results/read-dashboard.ts';
import { admin, ann, as, current, mgr, orgPorts, publish, publishedPorts, result, results } from './results-fixture.ts';

const ids = (dashboard: { results: { goal: { id: string } }[] }) => dashboard.results.map((r) => r.goal.id).sort();

describe('readDashboard', () => {
  it("shows the caller's own goals by default, with the current run", async () => {
    const ports = await publishedPorts();
    const dashboard = await readDashboard(ports, ann);
    expect(dashboard.owner).toEqual({ type: 'user', id: 'ann' });
    expect(dashboard.current).toEqual(current);
    expect(ids(dashboard)).toEqual(['g-ann', 'g-ann-b']);
  });

  it("holds only goals whose period contains the tenant's today", async () => {
    const ports = await publishedPorts([
      result('now', { type: 'user', id: 'ann' }, ['now']),
      result('ended', { type: 'user', id: 'ann' }, ['ended'], { period: { start: '2025-01-01', end: '2026-01-14' } }),
      result('today', { type: 'user', id: 'ann' }, ['today'], { period: { start: '2026-01-15', end: '2026-01-15' } }),
      result('later', { type: 'user', id: 'ann' }, ['later'], { period: { start: '2026-01-16', end: '2026-12-31' } }),
    ]);
    expect(ids(await readDashboard(ports, ann))).toEqual(['now', 'today']);
    ports.clock.advance(24 * 60 * 60 * 1000);
    expect(ids(await readDashboard(ports, ann))).toEqual(['later', 'now']);
  });

  it("shows a unit's or another user's goals to those who may see them", async () => {
    const ports = await publishedPorts();
    expect(ids(await readDashboard(ports, ann, { type: 'team', id: 'team-a' }))).toEqual(['g-team-a']);
    expect(ids(await readDashboard(ports, mgr, { type: 'user', id: 'ann' }))).toEqual(['g-ann', 'g-ann-b']);
    expect(ids(await readDashboard(ports, admin, { type: 'team', id: 'team-b' }))).toEqual(['g-team-b', 'g-team-b2']);
  });

  it('is 403 for an owner the caller may not see', async () => {
    const ports = await publishedPorts();
    await expect(readDashboard(ports, ann, { type: 'user', id: 'bob' })).rejects.toThrow(ForbiddenError);
    await expect(readDashboard(ports, mgr, { type: 'team', id: 'team-b' })).rejects.toThrow(ForbiddenError);
    await expect(readDashboard(ports, as('integration', 'crm'), { type: 'organization', id: 'org' })).rejects.toThrow(ForbiddenError);
  });

  it('is 404 for an owner that does not exist in the tenant (never 403), or a unit of another kind', async () => {
    const ports = await publishedPorts();
    for (const owner of [{ type: 'user', id: 'nobody' }, { type: 'team', id: 'nowhere' }, { type: 'department', id: 'team-a' }] as const) {
      await expect(readDashboard(ports, ann, owner), owner.id).rejects.toThrow(NotFoundError);
      await expect(readDashboard(ports, admin, owner), owner.id).rejects.toThrow(NotFoundError);
    }
  });

  it('decides 403 and an unknown owner before "no results yet"', async () => {
    const ports = await orgPorts();
    await expect(readDashboard(ports, ann, { type: 'user', id: 'bob' })).rejects.toThrow(ForbiddenError);
    await expect(readDashboard(ports, ann, { type: 'user', id: 'nobody' })).rejects.toThrow(/No user nobody/);
    await expect(readDashboard(ports, ann)).rejects.toThrow(/No results yet/);
  });

  it('serves a goal once a run has published its standing, at the read\'s instant', async () => {
    const ports = await publishedPorts();
    expect(ids(await readDashboard(ports, ann))).toEqual(['g-ann', 'g-ann-b']);
    await publish(ports, [result('g-next', { type: 'user', id: 'ann' }, ['g-next'], { run: 'run-2' })]);
    ports.clock.advance(60_000);
    const dashboard = await readDashboard(ports, ann);
    expect(ids(dashboard)).toEqual(['g-ann', 'g-ann-b', 'g-next']);
    expect(dashboard.results.map((r) => [r.progress.runId, r.progress.asOf])).toEqual([
      ['run-1', '2026-01-15T12:01:00.000Z'],
      ['run-1', '2026-01-15T12:01:00.000Z'],
      ['run-2', '2026-01-15T12:01:00.000Z'],
    ]);
    expect(results).toHaveLength(8);
  });
});
