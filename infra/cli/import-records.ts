import { stat } from 'node:fs/promises';
import type { AttainClient } from '../client/attain-client.ts';
import { progressBar } from './progress.ts';
import { readRecords, type RecordFormat } from './read-records.ts';

export const batchLimit = 500;
/** Below the API's 256 KiB body limit, with room for the envelope. */
const batchBytesLimit = 240 * 1024;
const identityFields = ['recordType', 'id', 'ownerId', 'updatedAt'] as const;

export interface Rejection {
  readonly line: number;
  readonly id?: string;
  readonly message: string;
}

export interface ImportSummary {
  readonly lines: number;
  readonly accepted: number;
  readonly applied: number;
  readonly rejected: Rejection[];
}

interface BatchResult {
  status: number;
  applied?: boolean;
  error?: { code: string; message: string; details?: { path?: unknown; message?: string }[] };
}

export interface ImportOptions {
  readonly format: RecordFormat;
  /** recordType for lines without one. */
  readonly recordType?: string;
  /** updatedAt for lines without one (default: when the import started). */
  readonly updatedAt: string;
}

function describe(error: NonNullable<BatchResult['error']>): string {
  // Detail paths name the field inside the batch (body.records.<i>.<field>); show only the field.
  const field = (path: unknown) => (Array.isArray(path) ? path.map(String) : String(path ?? '').split('.')).slice(3).join('.') || 'record';
  const details = (error.details ?? []).map((d) => `${field(d.path)}: ${d.message}`);
  return details.length ? details.join('; ') : `${error.code}: ${error.message}`;
}

/** Streams a file of records to POST /records/batch in batches of up to 500, with a progress bar on stderr. */
export async function importRecords(api: AttainClient, file: string, options: ImportOptions): Promise<ImportSummary> {
  const totalBytes = Math.max(1, (await stat(file)).size);
  const progress = progressBar();
  const rejected: Rejection[] = [];
  let lines = 0, accepted = 0, applied = 0, bytesRead = 0;
  let batch: { line: number; record: Record<string, unknown> }[] = [];
  let batchBytes = 0;

  const send = async (): Promise<void> => {
    if (batch.length === 0) return;
    const sending = batch;
    batch = [];
    batchBytes = 0;
    const { results } = await api.call<{ results: BatchResult[] }>('POST', '/records/batch', { records: sending.map((entry) => entry.record) });
    results.forEach((result, i) => {
      const { line, record } = sending[i]!;
      if (result.error) rejected.push({ line, id: String(record.id ?? ''), message: describe(result.error) });
      else (accepted++, result.applied && applied++);
    });
    progress.update(bytesRead / totalBytes, `${lines} lines, ${accepted} accepted, ${rejected.length} rejected`);
  };

  for await (const parsed of readRecords(file, options.format)) {
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
  await send();
  rejected.sort((a, b) => a.line - b.line);
  progress.done(`Read ${lines} lines: ${accepted} records accepted (${applied} applied), ${rejected.length} rejected`);
  return { lines, accepted, applied, rejected };
}
