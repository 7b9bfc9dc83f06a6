import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../infra/local/dev-token.ts';
import { splitCsvLine } from '../../infra/cli/read-records.ts';
import { createWorkerProcesses } from '../../infra/local/worker-processes.ts';
import { startTestApi, type ApiClient, type TestApi } from '../support/api.ts';

const bin = fileURLToPath(new URL('../../infra/cli/attain.mjs', import.meta.url));
const workers = createWorkerProcesses({ env: () => ({ ...process.env }), write: () => undefined });
const dir = mkdtempSync(join(tmpdir(), 'attain-cli-'));

let api: TestApi;
let admin: ApiClient;
let env: Record<string, string>;

/** Runs the real `attain` binary in a child process. */
function attain(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, ...env, ...extraEnv }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  api = await startTestApi({ ports: { dispatcher: workers.dispatch } });
  admin = await api.as('admin');
  const token = await signDevToken({ sub: 'u-admin', tenant: api.tenant, role: 'admin' }, { secret: process.env.ATTAIN_DEV_SECRET! });
  env = { ATTAIN_URL: api.url, ATTAIN_TOKEN: token };
  for (const [path, body] of [
    ['/units/org', { name: 'Org', kind: 'organization' }],
    ['/users/ann', { name: 'Ann', role: 'member', memberships: [{ unitId: 'org' }] }],
    ['/users/bob', { name: 'Bob', role: 'member', memberships: [{ unitId: 'org' }] }],
  ] as const) expect((await admin.put(path, body)).status).toBeLessThan(300);
  // The tenant's clock is Tokyo's: the tree writes its times there.
  expect((await admin.put('/settings', { timezone: 'Asia/Tokyo' })).status).toBe(200);
  expect((await admin.post('/metrics', { template: 'revenue', id: 'rev', currency: 'EUR' })).status).toBe(201);
  expect((await admin.post('/metrics', { template: 'revenue', id: 'rev-jpy', currency: 'JPY' })).status).toBe(201);
  const year = new Date().getUTCFullYear();
  const period = { start: `${year}-01-01`, end: `${year}-12-31` };
  const org = await admin.post('/goals', { id: 'g-org', name: 'Revenue, Org', metricId: 'rev', owner: { type: 'organization', id: 'org' }, period, target: '1000.00', rollupMode: 'children' });
  expect(org.status).toBe(201);
  for (const user of ['ann', 'bob']) {
    const goal = await admin.post('/goals', { id: `g-${user}`, name: `Revenue, ${user}`, metricId: 'rev', owner: { type: 'user', id: user }, period, target: '500.00', parentId: 'g-org' });
    expect(goal.status).toBe(201);
  }
  const yen = await admin.post('/goals', { id: 'g-yen', name: 'Revenue, Japan', metricId: 'rev-jpy', owner: { type: 'organization', id: 'org' }, period, target: '1234567' });
  expect(yen.status).toBe(201);
}, 60_000);

afterAll(async () => {
  await api?.close();
  await workers.stopAll(3_000);
});

describe('attain (the CLI binary)', () => {
  it('explains itself and fails with exit code 2 on wrong usage', async () => {
    const helpAll = await attain(['--help']);
    const helpImport = await attain(['import', '--help']);
    const unknown = await attain(['frobnicate']);
    const noFile = await attain(['import']);
    const noToken = await attain(['rollup'], { ATTAIN_TOKEN: '' });

    expect(helpAll.code).toBe(0);
    expect(helpAll.stdout).toMatch(/rollup \[--goal ID\] \[--wait\]/);
    expect(helpImport.stdout).toContain('batches of up to 500');
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown command "frobnicate"') });
    expect(noFile).toMatchObject({ code: 2, stderr: expect.stringContaining('import needs a FILE') });
    expect(noToken).toMatchObject({ code: 2, stderr: expect.stringContaining('No token') });
  }, 60_000); // five processes one after another, each loading tsx: a busy machine needs more than 30 s

  it('prints a dev token the API accepts, and reports a refused token with exit code 1', async () => {
    const token = await attain(['token', '--tenant', api.tenant, '--user', 'u-admin', '--role', 'admin']);
    const listed = await fetch(`${api.url}/goals`, { headers: { authorization: `Bearer ${token.stdout.trim()}` } });
    const refused = await attain(['goals', 'tree', 'g-org', '--token', 'not-a-token']);
    const badRole = await attain(['token', '--role', 'boss']);

    expect(token.code).toBe(0);
    expect(listed.status).toBe(200);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('401 unauthorized') });
    expect(badRole.code).toBe(2);
  });

  it('imports a CSV with good and bad lines, naming each rejected line', async () => {
    // Prepare: 1200 good deals (three batches), a short line, an unknown owner format, a bad amount
    const lines = ['recordType,id,ownerId,status,amount,currency,closedAt'];
    for (let i = 1; i <= 1200; i++) lines.push(`deal,d-${i},${i % 2 ? 'ann' : 'bob'},won,1.00,EUR,${new Date().getUTCFullYear()}-01-15T10:00:00Z`);
    lines.splice(5, 0, 'deal,d-short,ann');
    lines.splice(9, 0, 'deal,d-bad owner,ann,won,1.00,EUR,2026-01-15T10:00:00Z');
    lines.push('deal,d-bad-owner,no such owner!,won,1.00,EUR,2026-01-15T10:00:00Z');
    const file = join(dir, 'deals.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);

    // Act
    const result = await attain(['import', file]);

    // Assess
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout, result.stderr).toMatch(/^1200 imported, 0 unchanged \(updatedAt older than the stored one\), 3 rejected, 0 warned$/m);
    const rejected = result.stdout.split('\n').filter((l) => l.startsWith('line '));
    expect(rejected.map((l) => l.split(/[ :]/)[1])).toEqual(['6', '10', String(lines.length)]);
    expect(rejected[0]).toContain('3 cells, the header has 7');
    expect(rejected[2]).toContain('ownerId');
    expect(result.stderr).toMatch(/\[#+\] 100\.0% /);
    expect(result.stderr.match(/\] +\d+\.\d% /g)!.length).toBeGreaterThanOrEqual(3); // one update per batch
    expect((await admin.get('/records/deal/d-1200')).body).toMatchObject({ ownerId: 'bob', amount: '1.00' });
    expect((await admin.get('/records/deal/d-short')).status).toBe(404);
  }, 60_000);

  it('imports a CRM export: CRLF, quoted notes over several lines, split credit', async () => {
    const file = join(dir, 'crm-export.csv');
    const closedAt = `${new Date().getUTCFullYear()}-03-01T10:00:00Z`;
    writeFileSync(
      file,
      '\uFEFFrecordType,id,ownerId,status,amount,currency,closedAt,notes,splits\r\n' +
        `deal,s-1,ann,won,900.00,EUR,${closedAt},"Two lines,\r\nwith ""quotes""",ann:60;bob:40\r\n` +
        `deal,s-2,bob,won,100.00,EUR,${closedAt},,\r\n` +
        `deal,s-3,bob,won,100.00,EUR,${closedAt},,ann:50;bob:40\r\n`,
    );

    const result = await attain(['import', file]);

    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^2 imported, 0 unchanged .*, 1 rejected, 0 warned$/m);
    expect(result.stdout).toMatch(/^line 5 \(id s-3\): splits: Split percents must add up to exactly 100$/m);
    expect((await admin.get('/records/deal/s-1')).body).toMatchObject({
      notes: 'Two lines,\nwith "quotes"',
      splits: [
        { ownerId: 'ann', percent: '60' },
        { ownerId: 'bob', percent: '40' },
      ],
    });
    expect((await admin.get('/records/deal/s-2')).body).toMatchObject({ amount: '100.00' });
    expect((await admin.get('/records/deal/s-3')).status).toBe(404);
  });

  it('imports NDJSON, defaulting recordType from --type', async () => {
    const file = join(dir, 'more.ndjson');
    writeFileSync(file, [`{"id":"n-1","ownerId":"ann","status":"won","amount":"10.50","currency":"EUR","closedAt":"${new Date().getUTCFullYear()}-02-01T10:00:00Z"}`, '{not json', ''].join('\n'));

    const result = await attain(['import', file, '--type', 'deal']);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^1 imported, /m);
    expect(result.stdout).toMatch(/^line 2: bad JSON/m);
    expect((await admin.get('/records/deal/n-1')).body).toMatchObject({ amount: '10.50' });
  });

  it('rollup --wait follows the run until it succeeds, and the tree shows the new actuals in their currency', async () => {
    const result = await attain(['rollup', '--wait']);
    const before = Date.now();
    const tree = await attain(['goals', 'tree', 'g-org']);
    const after = Date.now();
    const yen = await attain(['goals', 'tree', 'g-yen']);

    expect(result.code).toBe(0);
    // Every deal is in euros: the yen goal skips each one (reason currency), the euro goals none.
    expect(result.stdout).toMatch(/^\S+ succeeded: 4 goals computed, (\d+) records read, \1 skipped/m);
    expect(result.stderr).toMatch(/Run \S+ queued/);
    const runs = (await admin.get('/rollups?limit=1')).body.items;
    expect(runs[0].status).toBe('succeeded');
    expect(result.stdout.startsWith(runs[0].runId)).toBe(true);
    expect(tree.code).toBe(0);
    // The read's instant in the tenant's zone, to the minute (Tokyo is UTC+9, without summer time).
    const [, local] = /^As of (\d{4}-\d\d-\d\d \d\d:\d\d) Asia\/Tokyo \(run \S+\)$/m.exec(tree.stdout) ?? [];
    const asOf = Date.parse(`${local!.replace(' ', 'T')}:00+09:00`);
    expect(asOf).toBeGreaterThanOrEqual(before - 60_000);
    expect(asOf).toBeLessThanOrEqual(after);
    expect(tree.stdout).toContain('Revenue, Org [g-org] ★ target reached');
    // 221.05 % shown as the page shows it, one decimal; values in euros, rounded on the cents.
    expect(tree.stdout).toMatch(/221\.1%\s+€ 2,210\.50 \(€ 0\.00 in progress\) of € 1,000\.00, € 0\.00 to go, achieved, pace ahead\n/);
    // ann: 600 one-euro deals, 10.50 from NDJSON, 60 % of 900.00; bob: 600, 40 % of 900.00, 100.00.
    expect(tree.stdout).toMatch(/Revenue, ann \[g-ann\].*\n.* 230\.1%\s+€ 1,150\.50 .*of € 500\.00/);
    expect(tree.stdout).toMatch(/Revenue, bob \[g-bob\].*\n.* 212\.0%\s+€ 1,060\.00 .*of € 500\.00/);
    expect(yen.stdout).toMatch(/Revenue, Japan \[g-yen\]\n\s+·{20} 0\.0%\s+¥ 0 \(¥ 0 in progress\) of ¥ 1,234,567, ¥ 1,234,567 to go, /);
  }, 60_000);

  it('exports the current results as CSV and JSON that agree with each other and with the API', async () => {
    const csv = await attain(['export', 'results', '--format', 'csv']);
    const jsonFile = join(dir, 'results.json');
    const json = await attain(['export', 'results', '--format', 'json', '--output', jsonFile]);

    expect(csv.code).toBe(0);
    expect(json.code).toBe(0);
    const [header, ...rows] = csv.stdout.trim().split('\n').map((line) => splitCsvLine(line)!);
    const fromCsv = rows.map((cells) => Object.fromEntries(header!.map((name, i) => [name, cells[i]])));
    const fromJson = JSON.parse(readFileSync(jsonFile, 'utf8')) as Record<string, any>[];
    expect(fromCsv).toHaveLength(4);
    expect(fromJson).toHaveLength(4);
    for (const row of fromCsv) {
      const same = fromJson.find((r) => r.goalId === row.goalId)!;
      // Each read derives asOf and pace at its own instant; the rest is the goal's standing.
      const { asOf: _asOf, pace: _pace, ...progress } = (await admin.get(`/goals/${row.goalId}/progress`)).body;
      expect(same).toMatchObject(progress);
      expect(row).toMatchObject({ actual: progress.actual, target: progress.target, remaining: progress.remaining, percent: String(progress.percent), runId: progress.runId, updatedAt: progress.updatedAt, currency: progress.currency, status: progress.status });
      expect(Date.parse(row.asOf!)).toBeGreaterThan(0);
      expect(row.name).toBe(same.name);
    }
    // Values stay exact decimals, their currency in a column of its own.
    expect(fromCsv.find((r) => r.goalId === 'g-org')).toMatchObject({ name: 'Revenue, Org', actual: '2210.50', target: '1000.00', currency: 'EUR', milestones: '25 50 75 100 150' });
    expect(fromCsv.find((r) => r.goalId === 'g-yen')).toMatchObject({ name: 'Revenue, Japan', target: '1234567', remaining: '1234567', currency: 'JPY' });
  });
});
