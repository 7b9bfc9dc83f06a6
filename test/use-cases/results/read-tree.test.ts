import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../../../functions/shared/errors.ts';
import type { Goal } from '../../../core/model/goal.ts';
import { readTree, readTreeOrPending, type ResultTree } from '../../../functions/use-cases/results/read-tree.ts';
import type { MemoryPorts } from '../../support/memory/ports.ts';
import { admin, ann, bob, mgr, orgPorts, publish, publishedPorts, results, tenant, year } from './results-fixture.ts';

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

  it('is 404 for a goal without a result, before the first full run or after', async () => {
    await expect(readTree(await orgPorts(), admin, 'g-org')).rejects.toThrow(NotFoundError);
    await expect(readTree(await publishedPorts(), admin, 'g-none')).rejects.toThrow(NotFoundError);
  });

  it('nests what recomputations published before the first full run, each with runId null', async () => {
    // Prepare
    const ports = await orgPorts();
    await publish(ports, results.map((r) => ({ ...r, runId: null })));

    // Act
    const tree = await readTree(ports, admin, 'g-org');

    // Assess
    const ids = (node: ResultTree): string[] => [node.result.goal.id, ...node.children.flatMap(ids)];
    expect(ids(tree).sort()).toEqual(results.filter((r) => r.treeRoot === 'g-org').map((r) => r.goal.id).sort());
    expect(tree.result.progress.runId).toBeNull();
  });
});

/** A goal of team A, stored but not computed by any run. */
const teamGoal: Goal = {
  id: 'g-new', name: 'New team goal', description: '', metricId: 'rev', owner: { type: 'team', id: 'team-a' }, period: year,
  target: '1000.00', stretchTarget: null, parentId: null, rollupMode: 'owner', filter: null, bonus: null, locked: false, version: 1,
};
const withGoal = async (ports: MemoryPorts, goal: Goal): Promise<MemoryPorts> => {
  await ports.goals.write(tenant, [{ goal, expectedVersion: 0 }]);
  return ports;
};

describe('readTreeOrPending', () => {
  it('reads a computed goal as readTree does', async () => {
    // Prepare
    const ports = await publishedPorts();

    // Act
    const tree = await readTreeOrPending(ports, mgr, 'g-org');

    // Assess
    expect(tree).toEqual(await readTree(ports, mgr, 'g-org'));
  });

  it('answers a goal no run has computed yet with the goal, pending, at the read instant', async () => {
    // Prepare
    const computed = await withGoal(await publishedPorts(), teamGoal);
    const beforeAnyRun = await withGoal(await orgPorts(), teamGoal);

    // Act
    const pending = await readTreeOrPending(computed, ann, 'g-new');
    const first = await readTreeOrPending(beforeAnyRun, admin, 'g-new');

    // Assess
    expect(pending).toEqual({ pending: teamGoal, asOf: new Date(computed.clock.now()).toISOString() });
    expect(first).toEqual({ pending: teamGoal, asOf: new Date(beforeAnyRun.clock.now()).toISOString() });
    await expect(readTree(computed, ann, 'g-new')).rejects.toThrow(NotFoundError);
  });

  it('is still 404 for a goal that does not exist and 403 for one the caller may not see', async () => {
    // Prepare
    const ports = await withGoal(await publishedPorts(), teamGoal);

    // Act, Assess
    await expect(readTreeOrPending(ports, admin, 'g-none')).rejects.toThrow(NotFoundError);
    await expect(readTreeOrPending(ports, bob, 'g-new')).rejects.toThrow(ForbiddenError);
  });
});
