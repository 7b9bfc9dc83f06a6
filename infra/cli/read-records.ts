import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export type RecordFormat = 'ndjson' | 'csv';

export type ParsedLine =
  | { readonly line: number; readonly record: Record<string, unknown>; readonly bytes: number }
  | { readonly line: number; readonly error: string; readonly bytes: number };

/** The format a file name implies: .csv is CSV, .ndjson/.jsonl/.json are NDJSON. */
export function formatOf(file: string): RecordFormat | undefined {
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(nd)?jsonl?$|\.ndjson$/i.test(file)) return 'ndjson';
  return undefined;
}

/** Splits one CSV line (RFC 4180 quoting within a line; quoted newlines are not supported). */
export function splitCsvLine(text: string): string[] | undefined {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') cells.push(cell), (cell = '');
    else cell += c;
  }
  if (quoted) return undefined;
  cells.push(cell);
  return cells;
}

const numberCell = /^-?(0|[1-9]\d{0,14})$/;

/** A CSV cell as a record value: empty is absent, whole numbers become numbers, everything else stays text (decimals stay exact strings). */
function cellValue(cell: string): unknown {
  if (cell === '') return undefined;
  if (cell === 'true' || cell === 'false') return cell === 'true';
  return numberCell.test(cell) ? Number(cell) : cell;
}

/**
 * Reads records line by line without holding the file: NDJSON (one JSON object a line) or CSV (a
 * header line naming the fields, then one record a line). Blank lines are skipped; a line that is
 * not a record yields its error with its line number (1-based, the header is line 1).
 */
export async function* readRecords(file: string, format: RecordFormat): AsyncGenerator<ParsedLine> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let header: string[] | undefined;
  let number = 0;
  for await (const text of lines) {
    number++;
    const bytes = Buffer.byteLength(text) + 1;
    if (text.trim() === '') continue;
    if (format === 'ndjson') {
      try {
        const value: unknown = JSON.parse(text);
        if (typeof value !== 'object' || value === null || Array.isArray(value)) yield { line: number, error: 'not a JSON object', bytes };
        else yield { line: number, record: value as Record<string, unknown>, bytes };
      } catch (error) {
        yield { line: number, error: `bad JSON: ${(error as Error).message}`, bytes };
      }
      continue;
    }
    const cells = splitCsvLine(text.replace(/^\uFEFF/, ''));
    if (!header) {
      if (!cells || cells.some((c) => c.trim() === '')) throw new Error(`${file}: line 1 must be a CSV header naming every column`);
      header = cells.map((c) => c.trim());
      continue;
    }
    if (!cells) yield { line: number, error: 'unterminated quote', bytes };
    else if (cells.length !== header.length) yield { line: number, error: `${cells.length} cells, the header has ${header.length}`, bytes };
    else {
      const record: Record<string, unknown> = {};
      header.forEach((name, i) => {
        const value = cellValue(cells[i]!);
        if (value !== undefined) record[name] = value;
      });
      yield { line: number, record, bytes };
    }
  }
}
