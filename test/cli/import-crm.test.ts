import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../infra/local/dev-token.ts';
import { startTestApi, type ApiClient, type TestApi } from '../support/api.ts';

/**
 * `attain import` of CRMs' own exports against the local API and DynamoDB Local: files written as
 * Salesforce, HubSpot and Pipedrive export deals (US formats, with the presets), and as a German and
 * a French spreadsheet (with maps): BOMs, CRLF, quoted notes with commas and line breaks.
 */
const bin = fileURLToPath(new URL('../../infra/cli/attain.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'attain-import-crm-'));

let api: TestApi;
let admin: ApiClient;
let env: Record<string, string>;

function attain(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Writes a file as a CRM does: rows joined by CRLF, optionally after a BOM. */
function file(name: string, rows: readonly string[], options: { bom?: boolean; eol?: string } = {}): string {
  const path = join(dir, name);
  writeFileSync(path, `${options.bom ? '\uFEFF' : ''}${rows.join(options.eol ?? '\r\n')}${options.eol ?? '\r\n'}`);
  return path;
}

const record = async (type: string, id: string) => admin.get(`/records/${type}/${encodeURIComponent(id)}`);
const rejectedLines = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('line '));

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.as('admin');
  const token = await signDevToken({ sub: 'crm', tenant: api.tenant, role: 'integration' }, { secret: process.env.ATTAIN_DEV_SECRET! });
  env = { ATTAIN_URL: api.url, ATTAIN_TOKEN: token };
  expect((await admin.put('/settings', { timezone: 'Europe/Berlin' })).status).toBe(200);
  expect((await admin.put('/units/org', { name: 'Org', kind: 'organization' })).status).toBeLessThan(300);
  for (const [id, name, email] of [
    ['u-ann', 'Ann Lee', 'ann@example.com'],
    ['u-bjorn', 'Björn Öberg', 'bjorn@example.de'],
    ['u-chloe', 'Chloé Martin', 'chloe@example.fr'],
  ] as const) expect((await admin.put(`/users/${id}`, { name, email, role: 'member', memberships: [{ unitId: 'org' }] })).status).toBeLessThan(300);
}, 60_000);

afterAll(async () => {
  await api?.close();
});

const salesforceHeader =
  '"Opportunity Owner","Account Name","Opportunity Name","Stage","Amount Currency","Amount","Close Date","Created Date","Lead Source","Opportunity ID","Description","Last Modified Date"';

describe('attain import --preset', () => {
  it('imports a Salesforce opportunity report: owners by name, US numbers and dates at local midnight, quoted notes, each bad line named', async () => {
    const path = file(
      'salesforce.csv',
      [
        salesforceHeader,
        '"Ann Lee","Acme, Inc.","Acme renewal","Closed Won","USD","1,234,567.89","3/31/2026","1/5/2026, 9:15 AM","Web","006A1","Signed, at last.\r\nCall in Q3 about ""seats""","3/31/2026, 2:05 PM"',
        '"björn öberg","Globex","Globex pilot","Negotiation/Review","USD","25,000.00","6/30/2026","2/1/2026, 10:00 AM","Partner","006A2","","4/2/2026, 11:30 AM"',
        '"Zed Nobody","Initech","Initech","Closed Lost","USD","500.00","1/15/2026","1/2/2026, 8:00 AM","Web","006A3","","1/15/2026, 5:00 PM"',
        '"Ann Lee","Umbrella","Umbrella","Closed Won","USD","1.234,56","2/28/2026","2/1/2026, 8:00 AM","Web","006A4","","2/28/2026, 9:00 AM"',
        '"Ann Lee","Hooli","Hooli","Closed Won","USD","10.00","2/30/2026","2/1/2026, 8:00 AM","Web","006A5","","3/1/2026, 9:00 AM"',
        '"Chloé Martin","Stark","Stark","Closed Won","","$2,000.50","3/1/2026","2/1/2026, 8:00 AM","","006A6","",""',
      ],
      { bom: true },
    );

    const result = await attain(['import', path, '--preset', 'salesforce']);

    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^3 imported, 0 unchanged \(updatedAt older than the stored one\), 3 rejected, \d+ warned$/m);
    // The first record spans lines 2 and 3 (a line break in its description): the next ones start at 4.
    expect(rejectedLines(result.stdout)).toEqual([
      'line 5: "Opportunity Owner": no user named "Zed Nobody"',
      'line 6: "Amount": "1.234,56" is not a number as en-US writes them (1,234.56)',
      'line 7: "Close Date": "2/30/2026" is not a date like MM/DD/YYYY or YYYY-MM-DD',
    ]);
    expect(result.stderr).toMatch(/\[#+\] 100\.0% 8 lines, [\d,]+ lines\/s, \d+ s left/);
    expect((await record('deal', '006A1')).body).toEqual({
      recordType: 'deal',
      id: '006A1',
      ownerId: 'u-ann',
      updatedAt: '2026-03-31T14:05:00+02:00',
      amount: '1234567.89',
      currency: 'USD',
      closedAt: '2026-03-31T00:00:00+02:00',
      expectedCloseAt: '2026-03-31T00:00:00+02:00',
      status: 'won',
      stage: 'Closed Won',
      name: 'Acme renewal',
      account: 'Acme, Inc.',
      createdAt: '2026-01-05T09:15:00+01:00',
      leadSource: 'Web',
      description: 'Signed, at last.\nCall in Q3 about "seats"',
      source: 'salesforce',
    });
    expect((await record('deal', '006A2')).body).toMatchObject({ ownerId: 'u-bjorn', amount: '25000.00', status: 'open', stage: 'Negotiation/Review', closedAt: '2026-06-30T00:00:00+02:00' });
    // No currency column value: the amount's own sign tells it.
    expect((await record('deal', '006A6')).body).toMatchObject({ ownerId: 'u-chloe', amount: '2000.50', currency: 'USD', closedAt: '2026-03-01T00:00:00+01:00' });
    for (const id of ['006A3', '006A4', '006A5']) expect((await record('deal', id)).status).toBe(404);
  });

  it('counts a line older than the stored record as unchanged, and leaves the record as it was', async () => {
    const path = file('salesforce-older.csv', [
      salesforceHeader,
      '"Ann Lee","Acme, Inc.","Acme renewal","Closed Won","USD","1.00","3/31/2026","1/5/2026, 9:15 AM","Web","006A1","","3/30/2026, 2:05 PM"',
    ]);

    const result = await attain(['import', path, '--preset', 'salesforce']);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^0 imported, 1 unchanged \(updatedAt older than the stored one\), 0 rejected, 0 warned$/m);
    expect((await record('deal', '006A1')).body).toMatchObject({ amount: '1234567.89', updatedAt: '2026-03-31T14:05:00+02:00' });
  });

  it('imports a HubSpot deals export', async () => {
    const path = file('hubspot.csv', [
      '"Record ID","Deal Name","Deal Stage","Close Date","Deal owner","Amount","Create Date","Last Modified Date","Pipeline","Deal Type"',
      '"15012345678","Acme expansion","Closed Won","2026-03-31 00:00","Ann Lee","15000","2026-01-10 09:30","2026-03-31 16:45","Sales Pipeline","newbusiness"',
      '"15012345679","Globex","Appointment Scheduled","2026-07-15","BJÖRN ÖBERG","9999.99","2026-02-10 09:30:15","2026-04-01 08:00:00","Sales Pipeline",""',
    ]);

    const result = await attain(['import', path, '--preset', 'hubspot']);

    expect(result.code, `${result.stdout}${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/^2 imported, 0 unchanged .*, 0 rejected/m);
    expect((await record('deal', '15012345678')).body).toMatchObject({
      ownerId: 'u-ann', amount: '15000', status: 'won', stage: 'Closed Won', name: 'Acme expansion', closedAt: '2026-03-31T00:00:00+02:00',
      createdAt: '2026-01-10T09:30:00+01:00', updatedAt: '2026-03-31T16:45:00+02:00', pipeline: 'Sales Pipeline', dealType: 'newbusiness', source: 'hubspot',
    });
    expect((await record('deal', '15012345679')).body).toMatchObject({ ownerId: 'u-bjorn', amount: '9999.99', status: 'open', expectedCloseAt: '2026-07-15T00:00:00+02:00', createdAt: '2026-02-10T09:30:15+01:00' });
  });

  it('imports a Pipedrive deals export', async () => {
    const path = file('pipedrive.csv', [
      '"Deal - ID","Deal - Title","Deal - Owner","Deal - Value","Deal - Currency","Deal - Status","Deal - Stage","Deal - Pipeline","Deal - Won time","Deal - Expected close date","Deal - Deal created","Deal - Update time","Deal - Organization","Deal - Label"',
      '"101","Acme","Ann Lee","1500.5","EUR","Won","Negotiations Started","Pipeline","2026-03-31 10:15:00","2026-03-30","2026-02-01 08:00:00","2026-03-31 10:15:00","Acme","Hot"',
      '"102","Globex","Chloé Martin","20000","EUR","Open","Proposal Made","Pipeline","","2026-09-30","2026-02-02 09:00:00","2026-04-01 12:00:00","Globex",""',
    ]);

    const result = await attain(['import', path, '--preset', 'pipedrive']);

    expect(result.code, `${result.stdout}${result.stderr}`).toBe(0);
    expect((await record('deal', '101')).body).toMatchObject({
      ownerId: 'u-ann', amount: '1500.5', currency: 'EUR', status: 'won', stage: 'Negotiations Started', closedAt: '2026-03-31T10:15:00+02:00',
      expectedCloseAt: '2026-03-30T00:00:00+02:00', updatedAt: '2026-03-31T10:15:00+02:00', name: 'Acme', account: 'Acme', dealLabel: 'Hot', source: 'pipedrive',
    });
    expect((await record('deal', '102')).body).toMatchObject({ ownerId: 'u-chloe', amount: '20000', status: 'open', expectedCloseAt: '2026-09-30T00:00:00+02:00' });
    expect((await record('deal', '102')).body).not.toHaveProperty('closedAt');
  });

  it('refuses a header that lacks what the preset needs, once, before anything is sent', async () => {
    const path = file('salesforce-short.csv', [
      '"Opportunity Owner","Amount","Opportunity ID"',
      ...Array.from({ length: 50 }, (_, i) => `"Ann Lee","1.00","006H${i}"`),
    ]);

    const result = await attain(['import', path, '--preset', 'salesforce']);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^attain import: .*salesforce-short\.csv: no column "Close Date", "Stage", which the map needs \(the header has "Opportunity Owner", "Amount", "Opportunity ID"\); nothing was sent$/m);
    expect((await record('deal', '006H0')).status).toBe(404);
  });

  it('says once that a CRM export needs its preset, rather than rejecting every line with the same complaint', async () => {
    const path = file('salesforce-without-map.csv', [
      salesforceHeader,
      ...Array.from({ length: 50 }, (_, i) => `"Ann Lee","Acme","Acme","Closed Won","USD","1.00","3/31/2026","","Web","006M${i}","","3/31/2026, 2:05 PM"`),
    ]);

    const result = await attain(['import', path]);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('the header has 9 columns that are no field names of the API ("Opportunity Owner", "Account Name", "Opportunity Name", "Amount Currency", "Close Date", …)');
    expect(result.stderr).toContain(' and no id, ownerId, recordType columns (or pass --type)');
    expect(result.stderr).toContain('it looks like a Salesforce opportunity report export: import it with --preset salesforce; nothing was sent');
  });

  it('checks a whole file with --dry-run and writes nothing', async () => {
    const path = file('salesforce-dry.csv', [
      salesforceHeader,
      '"Ann Lee","Acme","Acme","Closed Won","USD","1.00","3/31/2026","","Web","006D1","","3/31/2026, 2:05 PM"',
      '"Ann Lee","Acme","Acme","Closed Won","USD","1.00","3/31/2026","","Web","006 D2","","3/31/2026, 2:05 PM"',
      '"Ann Lee","Acme","Acme","Closed Won","USD","ten","3/31/2026","","Web","006D3","","3/31/2026, 2:05 PM"',
    ]);

    const result = await attain(['import', path, '--preset', 'salesforce', '--dry-run']);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Dry run, nothing written: 1 would be imported, 2 rejected \(4 lines checked\)$/m);
    // The id is checked as the API checks it.
    expect(rejectedLines(result.stdout)).toEqual(['line 3 (id 006 D2): id: Ids are 1–128 characters of A-Z a-z 0-9 . _ : -', 'line 4: "Amount": "ten" is not a number as en-US writes them (1,234.56)']);
    expect((await record('deal', '006D1')).status).toBe(404);
  });
});

describe('attain import --map', () => {
  it('imports a German spreadsheet: semicolons, 1.234,56 €, DD.MM.YYYY, owners by email', async () => {
    const map = join(dir, 'de.json');
    writeFileSync(
      map,
      JSON.stringify({
        recordType: 'deal',
        delimiter: ';',
        columns: {
          'Verkaufschance-ID': 'id',
          'Verantwortlich (E-Mail)': { field: 'ownerId', lookup: 'user-email' },
          Betrag: { field: 'amount', number: 'de-DE' },
          Abschlussdatum: { field: 'closedAt', date: 'DD.MM.YYYY' },
          Phase: { field: 'status', values: { Gewonnen: 'won', Verloren: 'lost', '*': 'open' } },
          'Zuletzt geändert': { field: 'updatedAt', date: 'DD.MM.YYYY HH:mm' },
        },
        constants: { source: 'crm-de' },
        ignore: ['Beschreibung'],
      }),
    );
    const path = file(
      'de.csv',
      [
        'Verkaufschance-ID;Verantwortlich (E-Mail);Betrag;Abschlussdatum;Phase;Zuletzt geändert;Beschreibung;Lead-Quelle',
        'DE-1;BJORN@example.de;1.234.567,89 €;31.03.2026;Gewonnen;31.03.2026 14:05;"Zwei Zeilen;\r\nmit Semikolon";Messe',
        'DE-2;bjorn@example.de;-250,00 €;01.01.2026;Verloren;02.01.2026 09:00;;Web',
        'DE-3;bjorn@example.de;1,234.56;01.01.2026;Gewonnen;;;',
        'DE-4;niemand@example.de;5,00 €;01.01.2026;Gewonnen;;;',
      ],
      { bom: true },
    );

    const result = await attain(['import', path, '--map', map]);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^2 imported, 0 unchanged .*, 2 rejected/m);
    expect(rejectedLines(result.stdout)).toEqual([
      'line 5: "Betrag": "1,234.56" is not a number as de-DE writes them (1.234,56)',
      'line 6: "Verantwortlich (E-Mail)": no user with the email "niemand@example.de"',
    ]);
    expect((await record('deal', 'DE-1')).body).toEqual({
      recordType: 'deal', id: 'DE-1', ownerId: 'u-bjorn', updatedAt: '2026-03-31T14:05:00+02:00', amount: '1234567.89', currency: 'EUR',
      closedAt: '2026-03-31T00:00:00+02:00', status: 'won', leadQuelle: 'Messe', source: 'crm-de',
    });
    expect((await record('deal', 'DE-2')).body).toMatchObject({ amount: '-250.00', currency: 'EUR', status: 'lost', closedAt: '2026-01-01T00:00:00+01:00' });
  });

  it('imports a French export: 1 234,56 with any space, DD/MM/YYYY, names with accents, a currency that must agree', async () => {
    const map = join(dir, 'fr.json');
    writeFileSync(
      map,
      JSON.stringify({
        recordType: 'deal',
        columns: {
          Identifiant: 'id',
          Propriétaire: { field: 'ownerId', lookup: 'user-name' },
          Montant: { field: 'amount', number: 'fr-FR' },
          Devise: 'currency',
          'Date de clôture': { field: 'closedAt', date: 'DD/MM/YYYY' },
          Étape: { field: 'status', values: { Gagnée: 'won', Perdue: 'lost', '*': 'open' } },
        },
        constants: { source: 'crm-fr' },
      }),
    );
    const path = file(
      'fr.csv',
      [
        'Identifiant,Propriétaire,Montant,Devise,Date de clôture,Étape,Numéro de TVA,Notes',
        'FR-1,chloé martin,"1 234 567,89",EUR,31/03/2026,Gagnée,FR123,"Une note, avec virgule"',
        'FR-2,Chloé Martin,"12\u202F000,00 €",EUR,05/01/2026,En cours,,',
        'FR-3,Chloé Martin,"12\u00A0000,00 $",EUR,05/01/2026,Gagnée,,',
      ],
      { eol: '\n' },
    );

    const result = await attain(['import', path, '--map', map]);

    expect(result.code).toBe(1);
    expect(rejectedLines(result.stdout)).toEqual(['line 4: "Montant" is in USD, but the currency is EUR']);
    expect((await record('deal', 'FR-1')).body).toMatchObject({
      ownerId: 'u-chloe', amount: '1234567.89', currency: 'EUR', closedAt: '2026-03-31T00:00:00+02:00', status: 'won', numeroDeTva: 'FR123', notes: 'Une note, avec virgule', source: 'crm-fr',
    });
    expect((await record('deal', 'FR-2')).body).toMatchObject({ amount: '12000.00', closedAt: '2026-01-05T00:00:00+01:00', status: 'open' });
  });

  it('refuses a map that is not one, with exit code 2, naming each problem', async () => {
    const map = join(dir, 'bad-map.json');
    writeFileSync(map, JSON.stringify({ columns: { Amount: { field: 'amount', number: 'xx-YY' }, Close: { field: 'closedAt', date: 'DD.MM' } } }));
    const path = file('any.csv', ['Amount,Close', '1,2']);

    const result = await attain(['import', path, '--map', map]);
    const both = await attain(['import', path, '--map', map, '--preset', 'hubspot']);
    const unknown = await attain(['import', path, '--preset', 'zoho']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad-map.json is not a valid map:\n  columns.Amount.number: "xx-YY" is no locale Node knows');
    expect(result.stderr).toContain('columns.Close.date: "DD.MM" has no YYYY');
    expect(both).toMatchObject({ code: 2, stderr: expect.stringContaining('pass --map or --preset, not both') });
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('--preset: "zoho" is not one of salesforce, hubspot, pipedrive') });
  });
});
