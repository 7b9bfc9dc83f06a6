import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../infra/local/dev-token.ts';
import { startTestApi, uniqueTenant, type ApiClient, type TestApi } from '../support/api.ts';

const bin = fileURLToPath(new URL('../../infra/cli/attain.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'attain-rates-'));
const secret = process.env.ATTAIN_DEV_SECRET!;

let api: TestApi;

/** Runs the real `attain` binary in a child process against the test API, as `token`. */
function attain(args: string[], token: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, ATTAIN_URL: api.url, ATTAIN_TOKEN: token }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A file of `text` in the test's folder. */
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A tenant of its own (default currency EUR): its admin's client and token. */
async function freshTenant(): Promise<{ admin: ApiClient; token: string; tenant: string }> {
  const tenant = uniqueTenant('rates-cli');
  const admin = await api.as('admin', { tenant });
  return { admin, tenant, token: await signDevToken({ sub: 'u-admin', tenant, role: 'admin' }, { secret }) };
}

const ratesOf = async (admin: ApiClient, currency: string) => (await admin.get(`/exchange-rates/${currency}`)).body;

beforeAll(async () => {
  api = await startTestApi();
});

afterAll(async () => api?.close());

describe('attain rates import', () => {
  it('loads each currency’s lines as its rates, sorted by date and exact, then replaces them at the version it reads', async () => {
    // Prepare: columns in another order, CRLF, a BOM, quoted cells, lines of two currencies mixed
    const { admin, token } = await freshTenant();
    const first = file('rates.csv', '\uFEFFrate,currency,from\r\n"1.0900",USD,2026-04-01\r\n1.17,GBP,2026-01-01\r\n0.9237000001,USD,2026-01-01\r\n');
    const second = file('rates-2.csv', 'currency,from,rate\nUSD,2026-07-01,0.95\n');

    // Act
    const loaded = await attain(['rates', 'import', first], token);
    const replaced = await attain(['rates', 'import', second], token);

    // Assess
    expect(loaded.code, loaded.stderr).toBe(0);
    expect(loaded.stdout).toBe('GBP: 1 rate stored (version 1)\nUSD: 2 rates stored (version 1)\n');
    expect(replaced).toMatchObject({ code: 0, stdout: 'USD: 1 rate stored (version 2)\n' });
    expect(await ratesOf(admin, 'USD')).toEqual({ currency: 'USD', rates: [{ from: '2026-07-01', rate: '0.95' }], version: 2 });
    expect(await ratesOf(admin, 'GBP')).toEqual({ currency: 'GBP', rates: [{ from: '2026-01-01', rate: '1.17' }], version: 1 });
  }, 60_000);

  it('names each line the API refuses; a currency with one keeps its rates, the others are stored', async () => {
    // Prepare
    const { admin, token } = await freshTenant();
    expect((await admin.put('/exchange-rates/CHF', { rates: [{ from: '2025-01-01', rate: '1.05' }] })).status).toBe(201);
    const lines = [
      'currency,from,rate',
      'USD,2026-01-01,0.92', // 2: stored
      'CHF,2026-01-01,1.06', // 3
      'CHF,2026-02-30,1.07', // 4: no such date
      'CHF,2026-03-01,0', // 5: not positive
      'CHF,2026-01-01,1.08', // 6: the date of line 3 again
      'EUR,2026-01-01,1', // 7: the default currency
      'usd,2026-01-01,1', // 8: no ISO 4217 code
      'SEK,2026-01-01,0.0870000000001', // 9: 13 digits after the point
    ];

    // Act
    const result = await attain(['rates', 'import', file('bad.csv', `${lines.join('\n')}\n`)], token);

    // Assess
    expect(result.code).toBe(1);
    const reported = result.stdout.split('\n').filter((line) => line.startsWith('line '));
    expect(reported.map((line) => Number(line.split(/[ :]/)[1]))).toEqual([4, 5, 6, 7, 8, 9]);
    expect(reported[0]).toMatch(/^line 4: from: Expected a calendar date/);
    expect(reported[1]).toBe('line 5: rate: A rate is positive');
    expect(reported[2]).toBe('line 6: from: Rate 1 has this date too: one rate a date');
    expect(reported[3]).toMatch(/^line 7: currency: EUR is the default currency/);
    expect(reported[4]).toMatch(/^line 8: currency: Expected an ISO 4217 currency code/);
    expect(reported[5]).toMatch(/^line 9: rate: .*10 after it/);
    expect(result.stdout).toMatch(/^USD: 1 rate stored \(version 1\)$/m);
    expect(result.stderr).toContain('6 lines were rejected');
    expect(await ratesOf(admin, 'CHF')).toEqual({ currency: 'CHF', rates: [{ from: '2025-01-01', rate: '1.05' }], version: 1 });
    expect((await admin.get('/exchange-rates/SEK')).status).toBe(404);
  }, 60_000);

  it('sends nothing when a line cannot be read, and refuses a wrong header before that', async () => {
    // Prepare
    const { admin, token } = await freshTenant();
    const short = file('short.csv', 'currency,from,rate\nUSD,2026-01-01,0.92\nGBP,2026-01-01\n,2026-01-01,1.1\n');
    const header = file('header.csv', 'code,from,rate\nUSD,2026-01-01,0.92\n');

    // Act
    const unreadable = await attain(['rates', 'import', short], token);
    const wrongHeader = await attain(['rates', 'import', header], token);

    // Assess
    expect(unreadable.code).toBe(1);
    expect(unreadable.stdout).toBe('line 3: 2 cells, the header has 3\nline 4: currency: empty\n');
    expect(unreadable.stderr).toContain('nothing was sent');
    expect(wrongHeader.code).toBe(1);
    expect(wrongHeader.stderr).toContain('line 1 must be the header currency,from,rate (in any order), not "code,from,rate"');
    expect((await admin.get('/exchange-rates')).body.items).toEqual([]);
  }, 60_000);

  it('explains its usage (exit 2) and leaves a member’s import to the API’s 403 (exit 1)', async () => {
    // Prepare
    const { admin, tenant } = await freshTenant();
    const member = await signDevToken({ sub: 'u-member', tenant, role: 'member' }, { secret });
    const rates = file('member.csv', 'currency,from,rate\nUSD,2026-01-01,0.92\n');

    // Act
    const help = await attain(['rates', '--help'], member);
    const noFile = await attain(['rates', 'import'], member);
    const unknown = await attain(['rates', 'export', rates], member);
    const refused = await attain(['rates', 'import', rates], member);

    // Assess
    expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: attain rates import FILE') });
    expect(noFile).toMatchObject({ code: 2, stderr: expect.stringContaining('rates import needs a FILE') });
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown rates command "export"') });
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('403 forbidden') });
    expect((await admin.get('/exchange-rates/USD')).status).toBe(404);
  }, 60_000);
});
