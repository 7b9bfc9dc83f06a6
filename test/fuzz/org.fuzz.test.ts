import { expect, it } from 'vitest';
import { routeTable } from '../../functions/api/route-table.ts';
import { fuzzPlan } from './fuzz-plan.ts';
import { describeFuzz } from './fuzz-runner.ts';

// The security issue's fuzz: at least 1,000 malformed requests per route; no 5xx, the error shape, no leaks, no change.
describeFuzz('org');

it('the fuzz files together cover every route of the route table once', () => {
  const planned = Object.values(fuzzPlan).flat();
  expect([...planned].sort()).toEqual(routeTable.map((r) => r.key).sort());
});
