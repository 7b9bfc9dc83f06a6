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

/** Splits one CSV line (RFC 4180 quoting); undefined when a quote is left open. */
export function splitCsvLine(text: string): string[] | undefined {
  const parser = new CsvParser();
  const rows = [...parser.push(text), ...parser.end()];
  const [row] = rows;
  if (rows.length !== 1 || !row || 'error' in row) return undefined;
  return row.cells;
}

/** One CSV row: its cells and the physical lines it spans (a quoted cell may hold line breaks). */
export type CsvRow = { readonly firstLine: number; readonly lastLine: number; readonly cells: string[] } | { readonly firstLine: number; readonly error: string };

/** The longest row the parser holds before it calls the row broken: an open quote would otherwise swallow the file. */
export const maxCsvRowChars = 1024 * 1024;

/**
 * An incremental RFC 4180 parser: fed text in chunks of any size, it yields each complete row.
 * Cells are separated by commas and rows by LF or CRLF; a cell that starts with `"` runs to the
 * matching `"`, may hold commas, line breaks and `""` (a quote). A quote inside an unquoted cell is
 * kept as text. A row that stays open past {@link maxCsvRowChars} is reported as an error, and the
 * parser starts again at the next line break.
 */
export class CsvParser {
  private cells: string[] = [];
  private cell = '';
  private quoted = false;
  /** The previous character closed a quoted cell (or was the first quote of a `""`). */
  private quoteSeen = false;
  private cellStarted = false;
  private line = 1;
  private firstLine = 1;
  private rowChars = 0;
  private skipping = false;
  private pendingCr = false;

  *push(text: string): Generator<CsvRow> {
    for (let i = 0; i < text.length; i++) {
      let c = text[i]!;
      if (this.pendingCr) {
        this.pendingCr = false;
        if (c === '\n') continue; // CRLF: the CR already ended the line
      }
      if (c === '\r') {
        this.pendingCr = true;
        c = '\n';
      }
      if (!this.skipping && ++this.rowChars > maxCsvRowChars) {
        yield { firstLine: this.firstLine, error: `row longer than ${maxCsvRowChars} characters (an unterminated quote?)` };
        this.skipping = true;
      }
      if (this.skipping) {
        if (c === '\n') {
          this.line++;
          this.resetRow();
          this.skipping = false;
        }
        continue;
      }
      if (this.quoted) {
        if (c === '"') {
          this.quoted = false;
          this.quoteSeen = true;
        } else {
          if (c === '\n') this.line++;
          this.cell += c;
        }
        continue;
      }
      if (c === '"' && this.quoteSeen) {
        // `""` inside a quoted cell: one quote, and the cell goes on.
        this.cell += '"';
        this.quoted = true;
        this.quoteSeen = false;
        continue;
      }
      this.quoteSeen = false;
      if (c === '"' && !this.cellStarted) {
        this.quoted = true;
        this.cellStarted = true;
      } else if (c === ',') {
        this.cells.push(this.cell);
        this.cell = '';
        this.cellStarted = false;
      } else if (c === '\n') {
        const row = this.finishRow();
        this.line++;
        this.firstLine = this.line;
        if (row) yield row;
      } else {
        this.cell += c;
        this.cellStarted = true;
      }
    }
  }

  /** The last row, or the error of a quote left open at the end of the text. */
  *end(): Generator<CsvRow> {
    if (this.skipping) return;
    if (this.quoted) {
      yield { firstLine: this.firstLine, error: 'unterminated quote: the quoted cell runs to the end of the file' };
      return;
    }
    const row = this.finishRow();
    if (row) yield row;
  }

  /** The row just ended, or undefined for a blank line. */
  private finishRow(): CsvRow | undefined {
    const cells = [...this.cells, this.cell];
    const firstLine = this.firstLine;
    const blank = cells.length === 1 && !this.cellStarted && cells[0] === '';
    this.resetRow();
    return blank ? undefined : { firstLine, lastLine: this.line, cells };
  }

  private resetRow(): void {
    this.cells = [];
    this.cell = '';
    this.quoted = false;
    this.quoteSeen = false;
    this.cellStarted = false;
    this.rowChars = 0;
    this.firstLine = this.line;
  }
}

const numberCell = /^-?(0|[1-9]\d{0,14})$/;

/** A CSV cell as a record value: empty is absent, whole numbers become numbers, everything else stays text (decimals stay exact strings). */
function cellValue(cell: string): unknown {
  if (cell === '') return undefined;
  if (cell === 'true' || cell === 'false') return cell === 'true';
  return numberCell.test(cell) ? Number(cell) : cell;
}

/**
 * Reads records without holding the file: NDJSON (one JSON object a line) or CSV (a header row naming
 * the fields, then one record a row; a quoted cell may span lines). Blank lines are skipped; a line
 * or row that is not a record yields its error with its line number (1-based, the header is line 1;
 * a row spanning lines is numbered by its first).
 */
export async function* readRecords(file: string, format: RecordFormat): AsyncGenerator<ParsedLine> {
  if (format === 'ndjson') yield* readNdjson(file);
  else yield* readCsv(file);
}

async function* readNdjson(file: string): AsyncGenerator<ParsedLine> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number++;
    const bytes = Buffer.byteLength(text) + 1;
    if (text.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) yield { line: number, error: 'not a JSON object', bytes };
      else yield { line: number, record: value as Record<string, unknown>, bytes };
    } catch (error) {
      yield { line: number, error: `bad JSON: ${(error as Error).message}`, bytes };
    }
  }
}

async function* readCsv(file: string): AsyncGenerator<ParsedLine> {
  const parser = new CsvParser();
  let header: string[] | undefined;
  let first = true;
  // Bytes read but not yet counted against a yielded row (progress only).
  let bytes = 0;

  function* parsed(rows: Iterable<CsvRow>): Generator<ParsedLine> {
    for (const row of rows) {
      if (!header) {
        if ('error' in row || row.cells.some((c) => c.trim() === '')) throw new Error(`${file}: line 1 must be a CSV header naming every column`);
        header = row.cells.map((c) => c.trim());
        continue;
      }
      const counted = bytes;
      bytes = 0;
      yield csvRecord(header, row, counted);
    }
  }

  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 })) {
    let text = chunk as string;
    bytes += Buffer.byteLength(text);
    if (first) (text = text.replace(/^\uFEFF/, '')), (first = false);
    yield* parsed(parser.push(text));
  }
  yield* parsed(parser.end());
}

/** A CSV row as a record under the header's names, or the reason it is not one. */
function csvRecord(header: readonly string[], row: CsvRow, bytes: number): ParsedLine {
  const line = row.firstLine;
  if ('error' in row) return { line, error: row.error, bytes };
  if (row.cells.length !== header.length) return { line, error: `${row.cells.length} cells, the header has ${header.length}`, bytes };
  const record: Record<string, unknown> = {};
  for (const [i, name] of header.entries()) {
    const cell = row.cells[i]!;
    if (name === 'splits') {
      if (cell.trim() === '') continue;
      const splits = parseSplitsCell(cell);
      if (typeof splits === 'string') return { line, error: `splits: ${splits}`, bytes };
      record.splits = splits;
      continue;
    }
    const value = cellValue(cell);
    if (value !== undefined) record[name] = value;
  }
  return { line, record, bytes };
}

/**
 * A `splits` cell: `u-1:60;u-2:40` (owner id and percent, pairs separated by `;`) or the JSON array
 * the API takes. Percents stay exact text; the API checks that they add up to 100. A string is the
 * reason the cell is not splits.
 */
export function parseSplitsCell(cell: string): { ownerId: string; percent: string }[] | string {
  const text = cell.trim();
  if (text.startsWith('[')) {
    try {
      const value: unknown = JSON.parse(text);
      if (!Array.isArray(value)) return 'not a JSON array';
      return value as { ownerId: string; percent: string }[];
    } catch {
      return 'not valid JSON';
    }
  }
  const splits: { ownerId: string; percent: string }[] = [];
  for (const pair of text.split(';')) {
    const match = /^\s*([^:;\s]+)\s*:\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(pair);
    if (!match) return `expected ownerId:percent pairs separated by ";" (e.g. u-1:60;u-2:40), got ${JSON.stringify(pair.trim())}`;
    splits.push({ ownerId: match[1]!, percent: match[2]! });
  }
  return splits;
}
