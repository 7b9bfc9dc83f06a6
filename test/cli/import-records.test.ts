import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError, type AttainClient } from '../../infra/client/attain-client.ts';
import { ImportStoppedError, importRecords } from '../../infra/cli/import-records.ts';
import type { Progress } from '../../infra/cli/progress.ts';

const dir = mkdtempSync(join(tmpdir(), 'attain-import-records-'));
const quiet: Progress = { update: () => undefined, done: () => undefined };

interface Held {
  readonly records: Record<string, unknown>[];
  answer(): void;
  fail(error: Error): void;
}

/** An API whose batch answers wait until the test gives them, so the test sees what is in flight. */
function heldApi() {
  const requests: Held[] = [];
  const waiting: (() => void)[] = [];
  const client: AttainClient = {
    url: 'http://held',
    send: () => Promise.reject(new Error('not used')),
    call: (_method, _path, body) =>
      new Promise((resolve, reject) => {
        const records = (body as { records: Record<string, unknown>[] }).records;
        requests.push({ records, answer: () => resolve({ results: records.map(() => ({ status: 201, applied: true })) }), fail: reject });
        waiting.splice(0).forEach((wake) => wake());
      }) as never,
  };
  /** Resolves once `count` requests have come, or after `ms` (whichever is first): true if they came. */
  const requested = (count: number, ms = 60_000) =>
    new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      const check = () => (requests.length >= count ? (clearTimeout(timer), resolve(true)) : waiting.push(check));
      check();
    });
  return { client, requests, requested };
}

function dealsFile(name: string, count: number, amountOf: (line: number) => string = () => '1.00', idOf: (line: number) => string = (line) => `d-${line}`): string {
  const rows = ['recordType,id,ownerId,amount'];
  for (let line = 2; line < count + 2; line++) rows.push(`deal,${idOf(line)},ann,${amountOf(line)}`);
  const path = join(dir, name);
  writeFileSync(path, `${rows.join('\n')}\n`);
  return path;
}

describe('importRecords', () => {
  it('keeps a few batches in flight, but never two lines of one record at once, so the later line is applied last', async () => {
    // Prepare: 1,600 deals in four batches; "dup" is on line 2 (batch 1) and again on line 1102 (batch 3).
    const path = dealsFile('dup.csv', 1600, (line) => `${line}.00`, (line) => (line === 2 || line === 1102 ? 'dup' : `d-${line}`));
    const api = heldApi();

    // Act
    const done = importRecords(api.client, path, { format: 'csv', updatedAt: '2026-01-01T00:00:00Z', concurrency: 4, progress: quiet });
    expect(await api.requested(2)).toBe(true);
    api.requests[1]!.answer();
    // Batch 3 waits for batch 1, which holds the same record, however long that takes.
    const thirdTooSoon = await api.requested(3, 500);
    api.requests[0]!.answer();
    expect(await api.requested(3)).toBe(true);
    api.requests[2]!.answer();
    expect(await api.requested(4)).toBe(true);
    api.requests[3]!.answer();
    const summary = await done;

    // Assess
    expect(thirdTooSoon).toBe(false);
    expect(api.requests.map((r) => r.records.length)).toEqual([500, 500, 500, 100]);
    expect(api.requests[2]!.records.find((r) => r.id === 'dup')).toMatchObject({ amount: '1102.00' });
    expect(summary).toMatchObject({ lines: 1601, imported: 1600, unchanged: 0, rejected: [] });
  });

  it('stops at a request that fails, says from which line, once the batches in flight have answered', async () => {
    const path = dealsFile('fails.csv', 1200);
    const api = heldApi();

    const done = importRecords(api.client, path, { format: 'csv', updatedAt: '2026-01-01T00:00:00Z', concurrency: 2, progress: quiet });
    const outcome = done.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(await api.requested(2)).toBe(true);
    api.requests[1]!.fail(new ApiError('POST /records/batch', 503, '{"error":{"code":"internal","message":"busy"}}'));
    api.requests[0]!.answer();
    const error = await outcome;

    expect(error).toBeInstanceOf(ImportStoppedError);
    expect(error).toMatchObject({ line: 502, stored: 500, message: 'the import stopped at the batch starting on line 502 (500 records were accepted before)' });
    expect((error as Error).cause).toBeInstanceOf(ApiError);
    expect(api.requests).toHaveLength(2);
  });
});
