import { resultAt } from '../../../core/rollup/progress-basis.ts';
import { describe, expect, it } from 'vitest';
import type { Goal } from '../../../core/model/goal.ts';
import { ForbiddenError, NotFoundError, RequestValidationError } from '../../../functions/shared/errors.ts';
import type { AppPorts } from '../../../functions/use-cases/ports.ts';
import { readHistory } from '../../../functions/use-cases/results/read-history.ts';
import { ann, bob, mgr, orgPorts, result, tenant } from './results-fixture.ts';

const dayMs = 24 * 60 * 60 * 1000;

/** The goals port as history reads it: only `get`, of Ann's goal. */
const goals = {
  get: async (_tenant: string, id: string) => (id === 'g-ann' ? ({ id, owner: { type: 'user', id: 'ann' } } as Goal) : undefined),
} as unknown as AppPorts['goals'];

/** The org, and Ann's goal with one point a day from 2025-01-10 to 2026-01-15 (the clock's today). */
async function historyPorts() {
  const ports = await orgPorts({ goals });
  const progress = resultAt(result('g-ann', { type: 'user', id: 'ann' }, ['g-ann']), ports.clock.now()).progress;
  const points = [];
  for (let t = Date.UTC(2025, 0, 10); t <= Date.UTC(2026, 0, 15); t += dayMs) points.push({ goalId: 'g-ann', date: new Date(t).toISOString().slice(0, 10), progress });
  expect(await ports.results.writeHistory(tenant, points, ports.clock.now())).toEqual([]);
  return ports;
}

const dates = (points: { date: string }[]) => points.map((p) => p.date);

describe('readHistory', () => {
  it('serves the 365 days up to tomorrow by default, oldest first', async () => {
    const ports = await historyPorts();
    const points = await readHistory(ports, ann, 'g-ann');
    expect(points).toHaveLength(365);
    expect(points[0]!.date).toBe('2025-01-16');
    expect(points.at(-1)!.date).toBe('2026-01-15');
  });

  it('serves the days from `from` to `to`, both included; either alone moves the window', async () => {
    const ports = await historyPorts();
    expect(dates(await readHistory(ports, ann, 'g-ann', { from: '2025-03-01', to: '2025-03-03' }))).toEqual(['2025-03-01', '2025-03-02', '2025-03-03']);
    expect(dates(await readHistory(ports, ann, 'g-ann', { from: '2026-01-14' }))).toEqual(['2026-01-14', '2026-01-15']);
    const upToFeb = await readHistory(ports, ann, 'g-ann', { to: '2025-02-01' });
    expect([upToFeb[0]!.date, upToFeb.at(-1)!.date]).toEqual(['2025-01-10', '2025-02-01']);
  });

  it('refuses `from` after `to` with a validation error', async () => {
    const ports = await historyPorts();
    await expect(readHistory(ports, ann, 'g-ann', { from: '2025-03-02', to: '2025-03-01' })).rejects.toThrow(RequestValidationError);
  });

  it('is 404 for an unknown goal and 403 for a goal the caller may not see', async () => {
    const ports = await historyPorts();
    await expect(readHistory(ports, ann, 'g-none')).rejects.toThrow(NotFoundError);
    await expect(readHistory(ports, bob, 'g-ann')).rejects.toThrow(ForbiddenError);
    expect(await readHistory(ports, mgr, 'g-ann', { from: '2026-01-15' })).toHaveLength(1);
  });
});
