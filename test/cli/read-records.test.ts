import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csvRows, maxCsvRowBytes, parseSplitsCell, readRecords, splitCsvLine } from '../../infra/cli/read-records.ts';

const dir = mkdtempSync(join(tmpdir(), 'attain-csv-'));

/** Every row of a text, fed in the given chunks (without `end`, which only the progress bar uses). */
async function rowsOf(chunks: readonly string[]) {
  const rows = [];
  for await (const { end: _, ...row } of csvRows(Readable.from(chunks))) rows.push(row);
  return rows;
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

describe('CSV rows (csv-parse, RFC 4180)', () => {
  it('splits on commas, unquotes quoted cells, keeps "" as one quote and a quote inside an unquoted cell as text', async () => {
    expect(await rowsOf(['a,"b,c","say ""hi""",,d,12"\n'])).toEqual([{ firstLine: 1, lastLine: 1, cells: ['a', 'b,c', 'say "hi"', '', 'd', '12"'] }]);
    expect(splitCsvLine('a,"b,c","say ""hi""",,d')).toEqual(['a', 'b,c', 'say "hi"', '', 'd']);
    expect(splitCsvLine('"open')).toBeUndefined();
  });

  it('drops a UTF-8 BOM, also before a quoted first cell', async () => {
    expect(await rowsOf(['\uFEFF"id",name\r\n'])).toEqual([{ firstLine: 1, lastLine: 1, cells: ['id', 'name'] }]);
  });

  it('keeps line breaks inside quoted cells and numbers each row by its first line', async () => {
    const rows = await rowsOf(['id,notes\r\n1,"first line\r\nsecond line"\r\n\r\n2,plain\n3,"a\n\nb"\n']);
    expect(rows).toEqual([
      { firstLine: 1, lastLine: 1, cells: ['id', 'notes'] },
      { firstLine: 2, lastLine: 3, cells: ['1', 'first line\nsecond line'] },
      { firstLine: 5, lastLine: 5, cells: ['2', 'plain'] },
      { firstLine: 6, lastLine: 8, cells: ['3', 'a\n\nb'] },
    ]);
  });

  it('reads the last row without a final line break, and a lone CR as a line break', async () => {
    expect(await rowsOf(['a,b\rc,d'])).toEqual([
      { firstLine: 1, lastLine: 1, cells: ['a', 'b'] },
      { firstLine: 2, lastLine: 2, cells: ['c', 'd'] },
    ]);
  });

  it('names a row whose cell count differs from the header by its first line, and goes on after it', async () => {
    expect(await rowsOf(['a,b\r\n1\r\n\r\n"x\r\ny",2,3\r\n4,5\r\n'])).toEqual([
      { firstLine: 1, lastLine: 1, cells: ['a', 'b'] },
      { firstLine: 2, error: '1 cells, the header has 2' },
      { firstLine: 4, error: '3 cells, the header has 2' },
      { firstLine: 6, lastLine: 6, cells: ['4', '5'] },
    ]);
  });

  it('reports a quote left open at the end of the file at the line where its row starts', async () => {
    expect(await rowsOf(['h\nok\n\n"never closed\nmore\n'])).toEqual([
      { firstLine: 1, lastLine: 1, cells: ['h'] },
      { firstLine: 2, lastLine: 2, cells: ['ok'] },
      { firstLine: 4, error: 'unterminated quote: the quoted cell runs to the end of the file' },
    ]);
  });

  it('gives up on a row longer than the limit and says that the rest of the file was not read', async () => {
    const long = `"${'x'.repeat(maxCsvRowBytes + 10)}`;
    const rows = await rowsOf(['h\n', long.slice(0, 5000), long.slice(5000), '\nnext,row\n']);
    expect(rows).toEqual([
      { firstLine: 1, lastLine: 1, cells: ['h'] },
      { firstLine: 2, error: `row longer than ${maxCsvRowBytes} bytes (an unterminated quote?); the rest of the file was not read` },
    ]);
  });

  it('parses any table written as CSV back to the same cells and line numbers, however the text is chunked', async () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', 'é'), maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }).chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 6 })),
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.boolean(),
        async (table, cuts, crlf) => {
          const text = table.map((row) => row.map(quote).join(',')).join(crlf ? '\r\n' : '\n');
          const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...points, text.length].slice(1).map((end, i, ends) => text.slice(i === 0 ? 0 : ends[i - 1], end));
          const rows = await rowsOf(chunks);
          const normalized = table.map((row) => row.map((c) => c.replace(/\r\n/g, '\n')));
          expect(rows.map((row) => ('cells' in row ? row.cells : row))).toEqual(normalized);
          let line = 1;
          const firstLines = normalized.map((row) => {
            const first = line;
            line += row.join('').split('\n').length; // the row's line breaks and the one that ends it
            return first;
          });
          expect(rows.map((row) => row.firstLine)).toEqual(firstLines);
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
      'deal,d-3,bob,7,false,,ann=1\r\n' +
      'deal,d-4\r\n';
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
      { line: 6, error: '2 cells, the header has 7' },
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
