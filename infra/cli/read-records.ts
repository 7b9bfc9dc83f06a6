import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline, type Readable } from 'node:stream';
import { parse, type CsvError, type Info } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { fieldNameSchema } from '../../core/model/primitives.ts';

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

/** Splits one CSV line (RFC 4180 quoting, by csv-parse); undefined when it is not one whole row. */
export function splitCsvLine(text: string): string[] | undefined {
  try {
    const rows = parseSync(text, { relax_quotes: true });
    return rows.length === 1 ? rows[0] : undefined;
  } catch {
    return undefined; // a quote left open
  }
}

/**
 * One CSV row: its cells (a line break inside a quoted cell reads as `\n`) and the lines it spans,
 * or why it is not a row. `end` is how many bytes of the input lie before the row's end.
 */
export type CsvRow =
  | { readonly firstLine: number; readonly lastLine: number; readonly cells: string[]; readonly end: number }
  | { readonly firstLine: number; readonly error: string; readonly end: number };

/** The longest row csv-parse holds (its `max_record_size`): an open quote would otherwise swallow the file. */
export const maxCsvRowBytes = 1024 * 1024;

/**
 * The rows of a CSV text, read by csv-parse: RFC 4180 quoting, a UTF-8 BOM dropped, rows ended by
 * CRLF, LF or CR, blank lines skipped, a quote inside an unquoted cell kept as text. A row whose
 * cell count differs from the first row's, or a quote left open at the end, is an error row and the
 * rows after it still come. A row longer than {@link maxCsvRowBytes} is an error row and the last.
 */
export async function* csvRows(input: Readable, delimiter = ','): AsyncGenerator<CsvRow> {
  const parser = parse({
    bom: true,
    delimiter,
    info: true,
    max_record_size: maxCsvRowBytes,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    // Called while csv-parse pushes its records, so the error takes its place among them.
    on_skip: (error) => void parser.push({ error }),
  });
  pipeline(input, parser, () => {}); // a read error reaches the loop below through the parser
  // Lines are counted here: csv-parse's info.lines counts a CRLF inside a quoted cell twice.
  let nextLine = 1;
  let emptyLines = 0;
  let columns = 0;
  for await (const item of parser as AsyncIterable<{ record: string[]; info: Info } | { error: CsvError & Info }>) {
    const info = 'error' in item ? item.error : item.info;
    const firstLine = nextLine + info.empty_lines - emptyLines;
    emptyLines = info.empty_lines;
    if ('record' in item) {
      nextLine = firstLine + lineBreaks(item.record) + 1;
      columns ||= item.record.length;
      yield { firstLine, lastLine: nextLine - 1, cells: item.record.map((cell) => cell.replace(/\r\n?/g, '\n')), end: info.bytes };
    } else if (item.error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
      const cells = item.error.record as string[];
      nextLine = firstLine + lineBreaks(cells) + 1;
      yield { firstLine, error: `${cells.length} cells, the header has ${columns}`, end: info.bytes };
    } else if (item.error.code === 'CSV_QUOTE_NOT_CLOSED') {
      yield { firstLine, error: 'unterminated quote: the quoted cell runs to the end of the file', end: info.bytes };
    } else {
      const reason = item.error.code === 'CSV_MAX_RECORD_SIZE' ? `row longer than ${maxCsvRowBytes} bytes (an unterminated quote?)` : item.error.message;
      // csv-parse does not recover from this error: it would drop the rest of the input.
      yield { firstLine, error: `${reason}; the rest of the file was not read`, end: info.bytes };
      return;
    }
  }
}

const lineBreaks = (cells: readonly string[]) => cells.reduce((count, cell) => count + (cell.match(/\r\n?|\n/g)?.length ?? 0), 0);

const numberCell = /^-?(0|[1-9]\d{0,14})$/;

/** A CSV cell as a record value: empty is absent, whole numbers become numbers, everything else stays text (decimals stay exact strings). */
export function cellValue(cell: string): unknown {
  if (cell === '') return undefined;
  if (cell === 'true' || cell === 'false') return cell === 'true';
  return numberCell.test(cell) ? Number(cell) : cell;
}

/** A CSV row's cells as a record, or why the row is not one (a short reason a person can act on). */
export type RowMapper = (cells: readonly string[]) => { readonly record: Record<string, unknown> } | { readonly error: string };

/** Reads a CSV's header and answers how each row becomes a record; throws {@link HeaderError} for a header it cannot use. */
export type HeaderReader = (header: readonly string[]) => RowMapper;

/** The file's header cannot be used: one error for the whole file, before any record is sent. */
export class HeaderError extends Error {
  override name = 'HeaderError';
}

/**
 * Reads records without holding the file: NDJSON (one JSON object a line) or CSV (a header row, then
 * one record a row; a quoted cell may span lines). How a CSV row becomes a record is `csv`'s to say
 * (default: {@link apiColumns}); `delimiter` separates its cells. Blank lines are skipped; a line or
 * row that is not a record yields its error with its line number (1-based, the header is line 1; a
 * row spanning lines is numbered by its first).
 */
export async function* readRecords(file: string, format: RecordFormat, csv: HeaderReader = apiColumns(), delimiter = ','): AsyncGenerator<ParsedLine> {
  if (format === 'ndjson') yield* readNdjson(file);
  else yield* readCsv(file, csv, delimiter);
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

async function* readCsv(file: string, csv: HeaderReader, delimiter: string): AsyncGenerator<ParsedLine> {
  let toRecord: RowMapper | undefined;
  // Bytes of the file up to the end of the last yielded row (progress only).
  let counted = 0;
  for await (const row of csvRows(createReadStream(file), delimiter)) {
    if (!toRecord) {
      if ('error' in row) throw new HeaderError(`${file}: line 1 must be a CSV header: ${row.error}`);
      try {
        toRecord = csv(row.cells.map((c) => c.trim()));
      } catch (error) {
        throw error instanceof HeaderError ? new HeaderError(`${file}: ${error.message}`, { cause: error }) : error;
      }
      continue;
    }
    const bytes = row.end - counted;
    counted = row.end;
    const line = row.firstLine;
    if ('error' in row) yield { line, error: row.error, bytes };
    else yield { line, bytes, ...toRecord(row.cells) };
  }
}

/**
 * The columns are the API's field names (`recordType,id,ownerId,updatedAt,splits,…`): empty cells are
 * left out, whole numbers and true/false are typed, decimals stay exact text, a `splits` column takes
 * owner:percent pairs. A header naming no `id` or `ownerId`, no `recordType` (and none given), or
 * a column that is no field name is a {@link HeaderError}: a CRM's own export needs a map.
 */
export function apiColumns(options: { recordType?: string } = {}): HeaderReader {
  return (header) => {
    if (header.some((name) => name === '')) throw new HeaderError('line 1 must be a CSV header naming every column');
    const problems: string[] = [];
    const badNames = header.filter((name) => !fieldNameSchema.safeParse(name).success);
    const shown = `${badNames.slice(0, 5).map((n) => JSON.stringify(n)).join(', ')}${badNames.length > 5 ? ', …' : ''}`;
    if (badNames.length) problems.push(`${badNames.length === 1 ? 'a column that is no field name' : `${badNames.length} columns that are no field names`} of the API (${shown})`);
    const missing = ['id', 'ownerId', ...(options.recordType ? [] : ['recordType'])].filter((field) => !header.includes(field));
    if (missing.length) problems.push(`no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}${missing.includes('recordType') ? ' (or pass --type)' : ''}`);
    if (problems.length) throw new HeaderError(`the header has ${problems.join(' and ')}`);
    return (cells) => csvRecord(header, cells);
  };
}

/** A CSV row as a record under the header's names, or the reason it is not one. */
function csvRecord(header: readonly string[], cells: readonly string[]): { record: Record<string, unknown> } | { error: string } {
  const record: Record<string, unknown> = {};
  for (const [i, name] of header.entries()) {
    const cell = cells[i]!;
    if (name === 'splits') {
      if (cell.trim() === '') continue;
      const splits = parseSplitsCell(cell);
      if (typeof splits === 'string') return { error: `splits: ${splits}` };
      record.splits = splits;
      continue;
    }
    const value = cellValue(cell);
    if (value !== undefined) record[name] = value;
  }
  return { record };
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
