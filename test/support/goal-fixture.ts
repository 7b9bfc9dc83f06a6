import type { Goal } from '../../core/model/goal.ts';

/** A stored goal as the repositories take it: an organization goal over 2026 at version 1. */
export const goalFixture = (id: string, overrides: Partial<Goal> = {}): Goal => ({
  id,
  name: id,
  description: '',
  metricId: 'm-1',
  owner: { type: 'organization', id: 'org' },
  period: { start: '2026-01-01', end: '2026-12-31' },
  target: '100.00',
  stretchTarget: null,
  parentId: null,
  rollupMode: 'owner',
  filter: null,
  bonus: null,
  locked: false,
  version: 1,
  ...overrides,
});
