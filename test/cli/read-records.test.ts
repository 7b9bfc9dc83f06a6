import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvParser, maxCsvRowChars, parseSplitsCell, readRecords, splitCsvLine, type CsvRow } from '../../infra/cli/read-records.ts';

const dir = mkdtempSync(join(tmpdir(), 'attain-csv-'));

/** Every row of a text, fed in the given chunks. */
function rowsOf(chunks: readonly string[]): CsvRow[] {
  const parser = new CsvParser();
  return [...chunks.flatMap((chunk) => [...parser.push(chunk)]), ...parser.end()];
}

/** A cell as a CSV writer quotes it when it must. */
const quote = (cell: string) => (/[",\r\n]/.test(cell) || cell === '' ? `"${cell.replace(/"/g, '""')}"` : cell);

async function readAll(name: string, text: string, format: 'csv' | 'ndjson' = 'csv') {
  const file = join(dir, name);
  writeFileSync(file, text);
  const out = [];
  for await (const parsed of readRecords(file, format)) out.push(parsed);
  return out;
}

describe('CSV rows (RFC 4180)', () => {
  it('splits on commas, unquotes quoted cells and keeps "" as one quote', () => {
    expect(splitCsvLine('a,"b,c","say ""hi""",,d')).toEqual(['a', 'b,c', 'say "hi"', '', 'd']);
    expect(splitCsvLine('"open')).toBeUndefined();
  });

  it('keeps line breaks inside quoted cells and numbers each row by its first line', () => {
    const rows = rowsOf(['id,notes\r\n1,"first line\r\nsecond line"\r\n\r\n2,plain\n3,"a\n\nb"\n']);
    expect(rows).toEqual([
      { firstLine: 1, lastLine: 1, cells: ['id', 'notes'] },
      { firstLine: 2, lastLine: 3, cells: ['1', 'first line\nsecond line'] },
      { firstLine: 5, lastLine: 5, cells: ['2', 'plain'] },
      { firstLine: 6, lastLine: 8, cells: ['3', 'a\n\nb'] },
    ]);
  });

  it('reads the last row without a final line break, and a lone CR as a line break', () => {
    expect(rowsOf(['a,b\rc,d'])).toEqual([
      { firstLine: 1, lastLine: 1, cells: ['a', 'b'] },
      { firstLine: 2, lastLine: 2, cells: ['c', 'd'] },
    ]);
  });

  it('reports a quote left open at the end of the file at the line where its row starts', () => {
    expect(rowsOf(['h\nok\n"never closed\nmore\n'])).toEqual([
      { firstLine: 1, lastLine: 1, cells: ['h'] },
      { firstLine: 2, lastLine: 2, cells: ['ok'] },
      { firstLine: 3, error: 'unterminated quote: the quoted cell runs to the end of the file' },
    ]);
  });

  it('gives up on a row longer than the limit and starts again at the next line', () => {
    const long = `"${'x'.repeat(maxCsvRowChars + 10)}`;
    const rows = rowsOf(['h\n', long.slice(0, 5000), long.slice(5000), '\nnext,row\n']);
    expect(rows.map((row) => ('error' in row ? `error@${row.firstLine}` : row.cells.join('|')))).toEqual(['h', 'error@2', 'next|row']);
    expect(rows[2]).toMatchObject({ firstLine: 3 });
  });

  it('parses any table written as CSV back to the same cells, however the text is chunked', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', 'é'), maxLength: 8 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 6 })),
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.boolean(),
        (table, cuts, crlf) => {
          const text = table.map((row) => row.map(quote).join(',')).join(crlf ? '\r\n' : '\n');
          const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...points, text.length].slice(1).map((end, i, ends) => text.slice(i === 0 ? 0 : ends[i - 1], end));
          const rows = rowsOf(chunks);
          const normalized = table.map((row) => row.map((c) => c.replace(/\r\n/g, '\n')));
          expect(rows.map((row) => ('cells' in row ? row.cells : row))).toEqual(normalized);
        },
      ),
      { numRuns: 500, seed: 7 },
    );
  });
});

describe('a splits cell', () => {
  it('reads owner:percent pairs, keeping percents exact', () => {
    expect(parseSplitsCell('ann:60; bob : 40')).toEqual([
      { ownerId: 'ann', percent: '60' },
      { ownerId: 'bob', percent: '40' },
    ]);
    expect(parseSplitsCell('ann:33.333334;bob:33.333333%;cy:33.333333')).toEqual([
      { ownerId: 'ann', percent: '33.333334' },
      { ownerId: 'bob', percent: '33.333333' },
      { ownerId: 'cy', percent: '33.333333' },
    ]);
  });

  it('reads the JSON array the API takes', () => {
    expect(parseSplitsCell('[{"ownerId":"ann","percent":"100"}]')).toEqual([{ ownerId: 'ann', percent: '100' }]);
  });

  it('names what is wrong with anything else', () => {
    expect(parseSplitsCell('ann=60')).toMatch(/ownerId:percent pairs/);
    expect(parseSplitsCell('ann:60;;bob:40')).toMatch(/got ""/);
    expect(parseSplitsCell('[oops')).toBe('not valid JSON');
    expect(parseSplitsCell('{"a":1}')).toMatch(/ownerId:percent pairs/);
  });
});

describe('readRecords', () => {
  it('turns CSV rows into records: BOM and CRLF, typed cells, multi-line notes, splits', async () => {
    const text =
      '\uFEFFrecordType,id,ownerId,amount,won,notes,splits\r\n' +
      'deal,d-1,ann,1200.50,true,"Call back in May,\r\nthen ""close""",ann:60;bob:40\r\n' +
      'deal,d-2,bob,7,false,,\r\n' +
      'deal,d-3,bob,7,false,,ann=1\r\n';
    const parsed = await readAll('crm.csv', text);
    expect(parsed.map(({ bytes: _, ...rest }) => rest)).toEqual([
      {
        line: 2,
        record: {
          recordType: 'deal',
          id: 'd-1',
          ownerId: 'ann',
          amount: '1200.50',
          won: true,
          notes: 'Call back in May,\nthen "close"',
          splits: [
            { ownerId: 'ann', percent: '60' },
            { ownerId: 'bob', percent: '40' },
          ],
        },
      },
      { line: 4, record: { recordType: 'deal', id: 'd-2', ownerId: 'bob', amount: 7, won: false } },
      { line: 5, error: expect.stringMatching(/^splits: expected ownerId:percent/) },
    ]);
  });

  it('counts every byte of the file once, for the progress bar', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `deal,d-${i},ann,"note ${i}\nline two"`);
    const text = `recordType,id,ownerId,notes\n${rows.join('\n')}\n`;
    const parsed = await readAll('big.csv', text);
    expect(parsed).toHaveLength(3000);
    expect(parsed.at(-1)).toMatchObject({ line: 1 + 2 * 2999 + 1 });
    expect(parsed.reduce((sum, p) => sum + p.bytes, 0)).toBe(Buffer.byteLength(text));
  });

  it('refuses a CSV whose first row is not a header', async () => {
    await expect(readAll('noheader.csv', 'id,,owner\n1,2,3\n')).rejects.toThrow(/line 1 must be a CSV header/);
  });

  it('reads NDJSON a line at a time, naming bad lines', async () => {
    const parsed = await readAll('x.ndjson', '{"id":"a"}\n\n[1]\n{oops\n', 'ndjson');
    expect(parsed.map(({ bytes: _, ...rest }) => rest)).toEqual([
      { line: 1, record: { id: 'a' } },
      { line: 3, error: 'not a JSON object' },
      { line: 4, error: expect.stringMatching(/^bad JSON/) },
    ]);
  });
});
