import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { ApiError, type AttainClient } from '../client/attain-client.ts';
import { CommandFailedError, UsageError, type Io } from './commands.ts';
import { csvRows } from './read-records.ts';

/** The columns of a rates file, in any order. */
export const rateColumns = ['currency', 'from', 'rate'] as const;

interface RateLine {
  readonly line: number;
  readonly from: string;
  readonly rate: string;
}

export interface RateRejection {
  readonly line: number;
  readonly message: string;
}

export interface RatesImportSummary {
  /** The currencies stored, in code order, with their rate count and new version. */
  readonly stored: { currency: string; rates: number; version: number }[];
  readonly rejected: RateRejection[];
  /** True when a line could not be read: then no currency was sent. */
  readonly readFailed: boolean;
}

/** A rates file's lines by currency (in code order), and the lines it could not read. */
async function readRates(file: string): Promise<{ byCurrency: Map<string, RateLine[]>; unreadable: RateRejection[] }> {
  const byCurrency = new Map<string, RateLine[]>();
  const unreadable: RateRejection[] = [];
  let columns: Record<(typeof rateColumns)[number], number> | undefined;
  for await (const row of csvRows(createReadStream(file))) {
    if (!columns) {
      const header = 'cells' in row ? row.cells.map((cell) => cell.trim()) : [];
      const missing = rateColumns.filter((name) => !header.includes(name));
      const unknown = header.filter((name) => !(rateColumns as readonly string[]).includes(name));
      if (missing.length > 0 || unknown.length > 0 || header.length !== rateColumns.length) {
        throw new CommandFailedError(`${file}: line 1 must be the header currency,from,rate (in any order), not ${JSON.stringify(header.join(','))}`);
      }
      columns = { currency: header.indexOf('currency'), from: header.indexOf('from'), rate: header.indexOf('rate') };
      continue;
    }
    if ('error' in row) {
      unreadable.push({ line: row.firstLine, message: row.error });
      continue;
    }
    const at = columns;
    const cell = (name: (typeof rateColumns)[number]) => (row.cells[at[name]] ?? '').trim();
    const currency = cell('currency');
    if (currency === '') {
      unreadable.push({ line: row.firstLine, message: 'currency: empty' });
      continue;
    }
    const lines = byCurrency.get(currency) ?? byCurrency.set(currency, []).get(currency)!;
    lines.push({ line: row.firstLine, from: cell('from'), rate: cell('rate') });
  }
  if (!columns) throw new CommandFailedError(`${file} is empty: it needs the header currency,from,rate and a line per rate`);
  return { byCurrency: new Map([...byCurrency].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), unreadable };
}

/**
 * Why the API refused a currency's rates, line by line: a problem of one rate (`body.rates.3.rate`)
 * names that rate's line, any other (the currency, the whole list) every line of the currency.
 */
function rejectionsOf(error: ApiError, lines: readonly RateLine[]): RateRejection[] {
  const details = (error.details ?? []) as { path?: unknown; message?: unknown }[];
  if (details.length === 0) return lines.map(({ line }) => ({ line, message: error.reason }));
  return details.flatMap((detail) => {
    const match = /^body\.rates\.(\d+)\.(\w+)$/.exec(String(detail.path ?? ''));
    const one = match ? lines[Number(match[1])] : undefined;
    if (one) return [{ line: one.line, message: `${match![2]}: ${String(detail.message)}` }];
    const field = String(detail.path ?? '').replace(/^(body|params)\./, '');
    return lines.map(({ line }) => ({ line, message: `${field}: ${String(detail.message)}` }));
  });
}

/**
 * Loads a CSV of `currency,from,rate` lines: each currency's lines replace its rates (PUT
 * /exchange-rates/{currency} with the version just read as If-Match), each rate's text sent as it
 * is, so the API checks it. A currency the API refuses keeps the rates it had, and its lines are
 * reported with their numbers (1-based, the header is line 1); the other currencies are stored.
 * When a line cannot be read (its currency unknown), nothing is sent. A refused token or role
 * (401, 403) ends the import as an ApiError.
 */
export async function importRates(api: AttainClient, file: string): Promise<RatesImportSummary> {
  const { byCurrency, unreadable } = await readRates(file);
  if (unreadable.length > 0) return { stored: [], rejected: unreadable, readFailed: true };
  const stored: RatesImportSummary['stored'] = [];
  const rejected: RateRejection[] = [];
  for (const [currency, lines] of byCurrency) {
    const path = `/exchange-rates/${encodeURIComponent(currency)}`;
    const current = await api.send<{ version: number }>('GET', path);
    if (current.status === 401 || current.status === 403) throw new ApiError(`GET ${path}`, current.status, JSON.stringify(current.body));
    const version = current.status === 200 ? current.body.version : 0;
    const body = { rates: lines.map(({ from, rate }) => ({ from, rate })) };
    const answer = await api.send<{ version: number; error?: unknown }>('PUT', path, body, { 'if-match': `"${version}"` });
    if (answer.status === 200 || answer.status === 201) {
      stored.push({ currency, rates: lines.length, version: answer.body.version });
      continue;
    }
    const error = new ApiError(`PUT ${path}`, answer.status, JSON.stringify(answer.body));
    if (answer.status === 401 || answer.status === 403 || answer.status >= 500) throw error;
    if (answer.status === 412) rejected.push(...lines.map(({ line }) => ({ line, message: `the ${currency} rates changed while they were imported: run the import again` })));
    else rejected.push(...rejectionsOf(error, lines));
  }
  rejected.sort((a, b) => a.line - b.line);
  return { stored, rejected, readFailed: false };
}

/** `attain rates import FILE`. */
export async function ratesCommand(api: AttainClient, action: string | undefined, file: string | undefined, io: Io): Promise<void> {
  if (action !== 'import') throw new UsageError(action ? `Unknown rates command "${action}" (rates import FILE)` : 'rates needs a command: rates import FILE');
  if (!file) throw new UsageError('rates import needs a FILE');
  try {
    await access(file);
  } catch {
    throw new UsageError(`No such file: ${file}`);
  }
  const summary = await importRates(api, file);
  for (const { currency, rates, version } of summary.stored) io.out(`${currency}: ${rates} ${rates === 1 ? 'rate' : 'rates'} stored (version ${version})\n`);
  for (const { line, message } of summary.rejected) io.out(`line ${line}: ${message}\n`);
  if (summary.readFailed) throw new CommandFailedError(`${summary.rejected.length} lines could not be read (listed above): nothing was sent`);
  if (summary.rejected.length > 0) throw new CommandFailedError(`${summary.rejected.length} lines were rejected (listed above): their currencies keep the rates they had`);
}
