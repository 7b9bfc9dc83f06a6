import { describe, expect, it } from 'vitest';
import { MapError, mapNeeds, parseImportMap, type ImportMap } from '../../infra/cli/import-map.ts';
import { compileMap, safeFieldName } from '../../infra/cli/map-columns.ts';
import { loadPresets, presetFor, presetNames } from '../../infra/cli/presets.ts';
import { HeaderError } from '../../infra/cli/read-records.ts';
import { userDirectory } from '../../infra/cli/user-directory.ts';

const users = userDirectory([
  { id: 'u-ann', name: 'Ann Lee', email: 'ann@example.com' },
  { id: 'u-bob', name: 'Bob Stone', email: 'Bob@Example.com' },
  { id: 'u-bo1', name: 'Bo Twin' },
  { id: 'u-bo2', name: 'bo twin' },
]);

/** API.md's example map. */
const apiExample = parseImportMap(
  {
    recordType: 'deal',
    columns: {
      'Opportunity ID': 'id',
      'Opportunity Owner': { field: 'ownerId', lookup: 'user-name' },
      'Owner Email': { field: 'ownerId', lookup: 'user-email' },
      Amount: { field: 'amount', number: 'en-US' },
      'Amount Currency': 'currency',
      'Close Date': { field: 'closedAt', date: 'MM/DD/YYYY' },
      Stage: { field: 'status', values: { 'Closed Won': 'won', 'Closed Lost': 'lost', '*': 'open' } },
      'Last Modified Date': { field: 'updatedAt', date: 'MM/DD/YYYY hh:mm a' },
    },
    constants: { source: 'salesforce' },
    ignore: ['Description'],
  },
  'test map',
);
const header = ['Opportunity ID', 'Opportunity Owner', 'Owner Email', 'Amount', 'Amount Currency', 'Close Date', 'Stage', 'Last Modified Date', 'Description', 'Lead Source'];

function rows(map: ImportMap, head: readonly string[], zone = 'America/New_York') {
  const toRecord = compileMap(map, { zone, users })(head);
  return (...cells: string[]) => toRecord(cells);
}

describe('a map file', () => {
  it("reads API.md's example, and says what it needs to read first", () => {
    expect(mapNeeds(apiExample)).toEqual({ zone: true, users: true });
    expect(mapNeeds(parseImportMap({ columns: { ID: 'id' } }, 'm'))).toEqual({ zone: false, users: false });
  });

  it('names each problem with its place in the file', () => {
    const bad = {
      recordType: 'deal',
      columns: { A: 'not a field!', B: { field: 'x', number: 'xx-YY' }, C: { field: 'y', date: 'MM/DD/YYY' }, D: { field: 'z', lookup: 'user-id' }, E: { field: 'w', number: 'en-US', date: 'iso' } },
      constant: {},
    };
    let error: unknown;
    try {
      parseImportMap(bad, 'bad.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MapError);
    const message = (error as Error).message;
    expect(message).toMatch(/^bad\.json is not a valid map:/);
    expect(message).toContain('columns.A.field: Field names are');
    expect(message).toMatch(/columns\.B\.number: "xx-YY" is no locale/);
    expect(message).toMatch(/columns\.C\.date: "MM\/DD\/YYY" has "Y", which is no token/);
    expect(message).toContain('columns.D.lookup');
    expect(message).toMatch(/columns\.E: a column spec takes at most one of lookup, number, date, values/);
    expect(message).toMatch(/constant/);
  });
});

describe('a map applied to rows', () => {
  it('maps columns to fields: ids, owners by name or email, numbers, currencies, dates, value maps, constants, safe names', () => {
    const row = rows(apiExample, header);
    expect(row('006A1', 'ann lee', '', '1,234,567.50', 'USD', '3/31/2026', 'Closed Won', '3/31/2026 2:05 PM', 'ignored, this', 'Web')).toEqual({
      record: {
        recordType: 'deal',
        id: '006A1',
        ownerId: 'u-ann',
        amount: '1234567.50',
        currency: 'USD',
        closedAt: '2026-03-31T00:00:00-04:00',
        status: 'won',
        updatedAt: '2026-03-31T14:05:00-04:00',
        source: 'salesforce',
        leadSource: 'Web',
      },
    });
    // The first owner column with a value gives the owner; the email is found whatever its case.
    expect(row('006A2', '', 'bob@example.COM', '5', 'USD', '1/2/2026', 'Prospecting', '', '', '')).toMatchObject({ record: { ownerId: 'u-bob', status: 'open', amount: '5' } });
    expect(row('006A3', 'Ann Lee', '', '5', 'USD', '1/2/2026', 'Closed Lost', '', '', '')).toMatchObject({ record: { status: 'lost' } });
  });

  it('rejects a line naming the column and the value, every problem of the line in one reason', () => {
    const row = rows(apiExample, header);
    expect(row('006B1', 'Zed Nobody', '', '1.234,50', 'USD', '31.03.2026', 'Closed Won', '', '', '')).toEqual({
      error: '"Opportunity Owner": no user named "Zed Nobody"; "Amount": "1.234,50" is not a number as en-US writes them (1,234.56); "Close Date": "31.03.2026" is not a date like MM/DD/YYYY',
    });
    expect(row('006B2', 'Bo Twin', '', '1', 'USD', '1/1/2026', 'x', '', '', '')).toEqual({ error: '"Opportunity Owner": 2 users named "Bo Twin" (u-bo1, u-bo2): look them up by another column' });
    expect(row('', 'Ann Lee', '', '1', 'USD', '1/1/2026', 'x', '', '', '')).toEqual({ error: 'no id: "Opportunity ID" is empty' });
    expect(row('006B3', '', '', '1', 'USD', '1/1/2026', 'x', '', '', '')).toEqual({ error: 'no ownerId: "Opportunity Owner" and "Owner Email" are empty' });
  });

  it("takes a number's currency sign as the currency when no column gives one, and refuses one that disagrees", () => {
    const row = rows(apiExample, header);
    expect(row('006C1', 'Ann Lee', '', '€1,000.00', '', '1/1/2026', 'x', '', '', '')).toMatchObject({ record: { amount: '1000.00', currency: 'EUR' } });
    expect(row('006C2', 'Ann Lee', '', '$1,000.00', 'USD', '1/1/2026', 'x', '', '', '')).toMatchObject({ record: { amount: '1000.00', currency: 'USD' } });
    expect(row('006C3', 'Ann Lee', '', '€1,000.00', 'USD', '1/1/2026', 'x', '', '', '')).toEqual({ error: '"Amount" is in EUR, but the currency is USD' });
  });

  it('feeds several fields from one column, and leaves a value outside a value map without "*" as it is', () => {
    const map = parseImportMap(
      {
        recordType: 'deal',
        columns: {
          ID: 'id',
          Owner: { field: 'ownerId', lookup: 'user-email' },
          Closes: [
            { field: 'closedAt', date: ['DD.MM.YYYY', 'iso'] },
            { field: 'expectedCloseAt', date: 'DD.MM.YYYY' },
          ],
          Status: { field: 'status', values: { Gewonnen: 'won', Verloren: 'lost' } },
        },
      },
      'm',
    );
    expect(rows(map, ['ID', 'Owner', 'Closes', 'Status'], 'Europe/Berlin')('7', 'ann@example.com', '31.03.2026', 'gewonnen')).toEqual({
      record: { recordType: 'deal', id: 7, ownerId: 'u-ann', closedAt: '2026-03-31T00:00:00+02:00', expectedCloseAt: '2026-03-31T00:00:00+02:00', status: 'won' },
    });
    expect(rows(map, ['ID', 'Owner', 'Closes', 'Status'], 'Europe/Berlin')('8', 'ann@example.com', '', 'Offen')).toEqual({ record: { recordType: 'deal', id: 8, ownerId: 'u-ann', status: 'Offen' } });
  });
});

describe('a header checked against a map', () => {
  const check = (map: ImportMap, head: readonly string[], recordType?: string) => () => compileMap(map, { zone: 'UTC', users, ...(recordType ? { recordType } : {}) })(head);

  it('matches column names whatever their case and spacing', () => {
    expect(check(apiExample, header.map((h) => `  ${h.toUpperCase()} `))).not.toThrow();
  });

  it('is one error naming every column the map needs that is missing', () => {
    const without = header.filter((h) => h !== 'Close Date' && h !== 'Stage');
    expect(check(apiExample, without)).toThrow(HeaderError);
    expect(check(apiExample, without)).toThrow(/^no column "Close Date", "Stage", which the map needs \(the header has "Opportunity ID", /);
  });

  it('lets an optional column be absent, and a column without a name be', () => {
    const map = parseImportMap({ recordType: 'deal', columns: { ID: 'id', Owner: { field: 'ownerId', lookup: 'user-name' }, Extra: { field: 'extra', optional: true } } }, 'm');
    expect(check(map, ['ID', 'Owner'])).not.toThrow();
    expect(compileMap(map, { users })(['ID', 'Owner', ''])(['1', 'Ann Lee', 'x'])).toEqual({ record: { recordType: 'deal', id: 1, ownerId: 'u-ann' } });
  });

  it('refuses columns that would make reserved, taken or no field names, and a record without id, owner or type', () => {
    const map = parseImportMap({ columns: { ID: 'id' }, constants: { source: 'crm' } }, 'm');
    const problem = (() => {
      try {
        check(map, ['ID', 'Owner ID', 'Source', '%', 'ID'])();
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(problem).toContain('2 columns are named "ID"');
    expect(problem).toContain('"Owner ID" would be the reserved field ownerId: map it or ignore it');
    expect(problem).toContain('"Source" would be the field source, which another column or a constant gives');
    expect(problem).toContain('"%" makes no field name');
    expect(problem).toContain('nothing gives ownerId, recordType: map a column to each (or set recordType in the map or pass --type)');
    expect(check(parseImportMap({ columns: { ID: 'id', O: 'ownerId' } }, 'm'), ['ID', 'O'], 'deal')).not.toThrow();
  });

  it('refuses a header that would give a record more fields than the API takes', () => {
    const map = parseImportMap({ recordType: 'deal', columns: { ID: 'id', O: 'ownerId' } }, 'm');
    expect(check(map, ['ID', 'O', ...Array.from({ length: 101 }, (_, i) => `Field ${i}`)])).toThrow(/101 fields, the API takes at most 100/);
  });
});

describe('field names made safe', () => {
  it('camel-cases the words of a column and drops what a field name cannot hold', () => {
    expect(safeFieldName('Lead Source')).toBe('leadSource');
    expect(safeFieldName('Opportunity ID')).toBe('opportunityId');
    expect(safeFieldName('Probability (%)')).toBe('probability');
    expect(safeFieldName('Deal - Title')).toBe('dealTitle');
    expect(safeFieldName('Numéro de TVA')).toBe('numeroDeTva');
    expect(safeFieldName('utm_source')).toBe('utmSource');
    expect(safeFieldName('2nd Owner')).toBe('_2ndOwner');
    expect(safeFieldName('NextStep')).toBe('nextstep');
    expect(safeFieldName('€')).toBe('');
    expect(safeFieldName('x'.repeat(80))).toHaveLength(64);
  });
});

describe('the presets', () => {
  it('are valid maps of deals with an id, an owner looked up by name, an amount and a stage or status', async () => {
    const presets = await loadPresets();
    expect([...presets.keys()]).toEqual([...presetNames]);
    for (const map of presets.values()) {
      expect(map.recordType).toBe('deal');
      const specs = Object.values(map.columns).flat();
      expect(specs.map((s) => s.field)).toEqual(expect.arrayContaining(['id', 'ownerId', 'amount', 'status', 'currency', 'updatedAt']));
      expect(specs.find((s) => s.field === 'ownerId')).toMatchObject({ lookup: 'user-name' });
    }
  });

  it("recognise their CRM's export from its header", async () => {
    const presets = await loadPresets();
    expect(presetFor(['Opportunity Owner', 'Account Name', 'Opportunity Name', 'Stage', 'Amount', 'Close Date', 'Opportunity ID'], presets)).toBe('salesforce');
    expect(presetFor(['Record ID', 'Deal Name', 'Deal Stage', 'Close Date', 'Deal owner', 'Amount'], presets)).toBe('hubspot');
    expect(presetFor(['Deal - ID', 'Deal - Title', 'Deal - Value', 'Deal - Owner', 'Deal - Status'], presets)).toBe('pipedrive');
    expect(presetFor(['recordType', 'id', 'ownerId'], presets)).toBeUndefined();
  });
});
