import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../../../functions/shared/errors.ts';
import { readTree, type ResultTree } from '../../../functions/use-cases/results/read-tree.ts';
import { admin, ann, bob, mgr, orgPorts, publishedPorts } from './results-fixture.ts';

/** The tree as ids: `id(child, child(…))`, children in the order served. */
const shape = (tree: ResultTree): string => `${tree.result.goal.id}${tree.children.length ? `(${tree.children.map(shape).join(', ')})` : ''}`;

describe('readTree', () => {
  it('nests the whole hierarchy under the goal for an admin', async () => {
    const ports = await publishedPorts();
    expect(shape(await readTree(ports, admin, 'g-org'))).toBe('g-org(g-team-a(g-ann), g-team-b(g-bob), g-team-b2(g-ann-b))');
    expect(shape(await readTree(ports, admin, 'g-team-a'))).toBe('g-team-a(g-ann)');
    expect(shape(await readTree(ports, admin, 'g-ann'))).toBe('g-ann');
  });

  it('leaves out what the caller may not see, hanging what it may under the nearest visible ancestor', async () => {
    const ports = await publishedPorts();
    expect(shape(await readTree(ports, ann, 'g-org'))).toBe('g-org(g-team-a(g-ann), g-ann-b)');
    expect(shape(await readTree(ports, mgr, 'g-org'))).toBe('g-org(g-team-a(g-ann), g-ann-b)');
    expect(shape(await readTree(ports, bob, 'g-org'))).toBe('g-org(g-team-b(g-bob), g-team-b2)');
  });

  it('is 403 for a root the caller may not see, even with visible goals below', async () => {
    const ports = await publishedPorts();
    await expect(readTree(ports, ann, 'g-team-b2')).rejects.toThrow(ForbiddenError);
  });

  it('is 404 before the first rollup and for a goal without a result', async () => {
    await expect(readTree(await orgPorts(), admin, 'g-org')).rejects.toThrow(NotFoundError);
    await expect(readTree(await publishedPorts(), admin, 'g-none')).rejects.toThrow(NotFoundError);
  });
});
