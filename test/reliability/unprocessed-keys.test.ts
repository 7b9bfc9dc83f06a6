import { describe, expect, it } from 'vitest';
import { unitSchema } from '../../core/model/unit.ts';
import { ddb } from '../../functions/store/client.ts';
import { getEntities } from '../../functions/store/entity-reads.ts';
import { unitKey } from '../../functions/store/keys.ts';
import { startTestApi } from '../support/api.ts';

describe('getEntities when DynamoDB leaves keys unprocessed', () => {
  it('returns every item and backs off before asking again', async () => {
    const api = await startTestApi();
    const admin = await api.as('admin');
    await admin.put('/units/org', { name: 'Org', kind: 'organization' });
    const ids = Array.from({ length: 30 }, (_, i) => `team-${i}`);
    await Promise.all(ids.map((id) => admin.put(`/units/${id}`, { name: id, kind: 'team', parentId: 'org' })));

    // Each BatchGet sends only its first 2 keys and answers the rest as UnprocessedKeys.
    const calls: { at: number; keys: number }[] = [];
    const stack = ddb().middlewareStack as unknown as { add: (m: unknown, o: unknown) => void; remove: (name: string) => boolean };
    stack.add(
      (next: (args: any) => Promise<any>, context: { commandName?: string }) => async (args: any) => {
        if (context.commandName !== 'BatchGetItemCommand') return next(args);
        const [table, request] = Object.entries(args.input.RequestItems as Record<string, { Keys: unknown[] }>)[0]!;
        calls.push({ at: Date.now(), keys: request.Keys.length });
        const result = await next({ ...args, input: { RequestItems: { [table]: { ...request, Keys: request.Keys.slice(0, 2) } } } });
        if (request.Keys.length > 2) result.output.UnprocessedKeys = { [table]: { ...request, Keys: request.Keys.slice(2) } };
        return result;
      },
      { step: 'initialize', priority: 'high', name: 'testUnprocessedKeys' },
    );
    try {
      const units = await getEntities(ids.slice(0, 6).map((id) => unitKey(admin.tenant, id)), unitSchema);
      expect(units.map((u) => u.id).sort()).toEqual(ids.slice(0, 6).sort());
    } finally {
      stack.remove('testUnprocessedKeys');
      await api.close();
    }
    expect(calls.map((c) => c.keys)).toEqual([6, 4, 2]);
    // 50 ms, then 100 ms between the attempts (less a little timer slack).
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(45);
    expect(calls[2]!.at - calls[1]!.at).toBeGreaterThanOrEqual(95);
  });
});
