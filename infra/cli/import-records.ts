import { stat } from 'node:fs/promises';
import type { AttainClient } from '../client/attain-client.ts';
import { WarningTally, type ImportSummary, type RecordWarning, type Rejection } from './import-summary.ts';
import { progressBar, type Progress } from './progress.ts';
import { readRecords, type HeaderReader, type RecordFormat } from './read-records.ts';

export const batchLimit = 500;
/** Below the API's 256 KiB body limit, with room for the envelope. */
const batchBytesLimit = 240 * 1024;
/** Batches in flight at once: while one is written, the next are sent and parsed (README, Measured performance: 1 in flight was slowest). */
export const defaultConcurrency = 4;
const identityFields = ['recordType', 'id', 'ownerId', 'updatedAt'] as const;

interface BatchResult {
  status: number;
  applied?: boolean;
  warnings?: RecordWarning[];
  error?: { code: string; message: string; details?: { path?: unknown; message?: string }[] };
}

export interface ImportOptions {
  readonly format: RecordFormat;
  /** recordType for lines without one. */
  readonly recordType?: string;
  /** updatedAt for lines without one (default: when the import started). */
  readonly updatedAt: string;
  /** How a CSV's header and rows become records (default: columns named as the API's fields). */
  readonly csv?: HeaderReader;
  /** What separates a CSV's cells (default ','). */
  readonly delimiter?: string;
  /** Check every line, send nothing: `check` says what is wrong with a record, as the API would. */
  readonly dryRun?: { check(record: Record<string, unknown>): string | undefined };
  readonly concurrency?: number;
  readonly progress?: Progress;
}

function describe(error: NonNullable<BatchResult['error']>): string {
  // Detail paths name the field inside the batch (body.records.<i>.<field>); show only the field.
  const field = (path: unknown) => (Array.isArray(path) ? path.map(String) : String(path ?? '').split('.')).slice(3).join('.') || 'record';
  const details = (error.details ?? []).map((d) => `${field(d.path)}: ${d.message}`);
  return details.length ? details.join('; ') : `${error.code}: ${error.message}`;
}

interface Entry {
  readonly line: number;
  readonly record: Record<string, unknown>;
}

const keyOf = (record: Record<string, unknown>) => `${String(record.recordType)}\u0000${String(record.id)}`;

/**
 * Streams a file of records to POST /records/batch in batches of up to 500, a few batches in flight,
 * with a progress bar on stderr. Two lines of one record are never in flight at once, so they are
 * applied in the file's order. The first request that fails stops the import once the batches in
 * flight have answered; the error says how far it came.
 */
export async function importRecords(api: AttainClient, file: string, options: ImportOptions): Promise<ImportSummary> {
  const totalBytes = Math.max(1, (await stat(file)).size);
  const progress = options.progress ?? progressBar();
  const limit = Math.max(1, options.concurrency ?? defaultConcurrency);
  const rejected: Rejection[] = [];
  const warnings = new WarningTally();
  let lines = 0, imported = 0, unchanged = 0, bytesRead = 0;
  let batch: Entry[] = [];
  let batchBytes = 0;
  const inFlight = new Map<Promise<void>, ReadonlySet<string>>();
  let failure: { error: unknown; line: number } | undefined;

  const report = () =>
    progress.update({ fraction: bytesRead / totalBytes, lines }, `${imported + unchanged} ${options.dryRun ? 'checked' : 'imported'}, ${rejected.length} rejected`);

  const settle = (sent: readonly Entry[], results: readonly BatchResult[]) => {
    results.forEach((result, i) => {
      const { line, record } = sent[i]!;
      const id = String(record.id ?? '');
      if (result.error) rejected.push({ line, id, message: describe(result.error) });
      else {
        if (result.applied === false) unchanged++;
        else imported++;
        warnings.add(line, id, result.warnings);
      }
    });
  };

  const post = async (sending: Entry[]): Promise<void> => {
    try {
      const { results } = await api.call<{ results: BatchResult[] }>('POST', '/records/batch', { records: sending.map((entry) => entry.record) });
      settle(sending, results);
      report();
    } catch (error) {
      if (!failure || sending[0]!.line < failure.line) failure = { error, line: sending[0]!.line };
    }
  };

  const send = async (): Promise<void> => {
    if (batch.length === 0) return;
    const sending = batch;
    batch = [];
    batchBytes = 0;
    if (options.dryRun) {
      for (const { line, record } of sending) {
        const problem = options.dryRun.check(record);
        if (problem) rejected.push({ line, id: String(record.id ?? ''), message: problem });
        else imported++;
      }
      return report();
    }
    const keys = new Set(sending.map((entry) => keyOf(entry.record)));
    for (;;) {
      const sharing = [...inFlight].filter(([, sent]) => [...keys].some((key) => sent.has(key))).map(([request]) => request);
      if (sharing.length) await Promise.all(sharing);
      else if (inFlight.size >= limit) await Promise.race(inFlight.keys());
      else break;
    }
    if (failure) return; // a batch in flight failed while this one waited: the import stops
    const request = post(sending).finally(() => inFlight.delete(request));
    inFlight.set(request, keys);
  };

  for await (const parsed of readRecords(file, options.format, options.csv, options.delimiter)) {
    if (failure) break;
    lines = parsed.line;
    bytesRead += parsed.bytes;
    if ('error' in parsed) {
      rejected.push({ line: parsed.line, message: parsed.error });
      continue;
    }
    const record = { ...parsed.record };
    if (record.recordType === undefined && options.recordType) record.recordType = options.recordType;
    if (record.updatedAt === undefined) record.updatedAt = options.updatedAt;
    for (const field of identityFields) if (typeof record[field] === 'number') record[field] = String(record[field]);
    const size = JSON.stringify(record).length + 1;
    if (batch.length === batchLimit || (batch.length > 0 && batchBytes + size > batchBytesLimit)) await send();
    batch.push({ line: parsed.line, record });
    batchBytes += size;
  }
  if (!failure) await send();
  await Promise.all(inFlight.keys());
  if (failure) throw new ImportStoppedError(failure.line, imported + unchanged, { cause: failure.error });
  rejected.sort((a, b) => a.line - b.line);
  progress.done(`Read ${lines} lines: ${imported + unchanged} records ${options.dryRun ? 'checked' : 'accepted'}, ${rejected.length} rejected`);
  return { lines, imported, unchanged, rejected, warnings, dryRun: Boolean(options.dryRun) };
}

/** A request failed (the API's answer or no answer): the import stopped at the batch that starts at `line`. */
export class ImportStoppedError extends Error {
  override name = 'ImportStoppedError';
  constructor(
    readonly line: number,
    readonly stored: number,
    options: { cause: unknown },
  ) {
    super(`the import stopped at the batch starting on line ${line} (${stored} records were accepted before)`, options);
  }
}
