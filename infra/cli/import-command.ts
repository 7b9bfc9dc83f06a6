import { access } from 'node:fs/promises';
// The batch route's own schema of an entry: a dry run refuses what the API would refuse.
import { batchRecordSchema } from '../../functions/api/records/record-schema.ts';
import type { AttainClient } from '../client/attain-client.ts';
import { CommandFailedError, UsageError, type Io } from './commands.ts';
import { mapNeeds, readImportMap, type ImportMap } from './import-map.ts';
import { importRecords } from './import-records.ts';
import { summaryText } from './import-summary.ts';
import { compileMap } from './map-columns.ts';
import { isPresetName, loadPresets, presetDisplayName, presetFor, presetMap, presetNames } from './presets.ts';
import { apiColumns, formatOf, HeaderError, type HeaderReader, type RecordFormat } from './read-records.ts';
import { loadUserDirectory } from './user-directory.ts';

export interface ImportValues {
  readonly format?: string;
  readonly type?: string;
  readonly map?: string;
  readonly preset?: string;
  readonly 'dry-run'?: boolean;
}

async function chosenMap(values: ImportValues): Promise<ImportMap | undefined> {
  if (values.map !== undefined && values.preset !== undefined) throw new UsageError('pass --map or --preset, not both');
  if (values.preset !== undefined) {
    if (!isPresetName(values.preset)) throw new UsageError(`--preset: "${values.preset}" is not one of ${presetNames.join(', ')}`);
    return presetMap(values.preset);
  }
  return values.map === undefined ? undefined : readImportMap(values.map);
}

/**
 * Without a map, columns are the API's field names; a header that is not says so once, with the
 * preset to use when it looks like a CRM's export that has one.
 */
async function apiColumnsWithHint(recordType: string | undefined): Promise<HeaderReader> {
  const presets = await loadPresets();
  const columns = apiColumns(recordType ? { recordType } : {});
  return (header) => {
    try {
      return columns(header);
    } catch (error) {
      if (!(error instanceof HeaderError)) throw error;
      const preset = presetFor(header, presets);
      const hint = preset
        ? `it looks like a ${presetDisplayName(preset)} export: import it with --preset ${preset}`
        : `a CRM's own export needs --map MAP.json or --preset ${presetNames.join('|')}`;
      throw new HeaderError(`${error.message}; ${hint}`);
    }
  };
}

function checkAsTheApi(record: Record<string, unknown>): string | undefined {
  const parsed = batchRecordSchema.safeParse(record);
  if (parsed.success) return undefined;
  return parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || 'record'}: ${issue.message}`).join('; ');
}

/** `attain import FILE`: reads the file, sends its records, prints the summary; exit 1 when a line was rejected. */
export async function importCommand(api: AttainClient, file: string | undefined, values: ImportValues, io: Io): Promise<void> {
  if (!file) throw new UsageError('import needs a FILE');
  const format = (values.format ?? formatOf(file)) as RecordFormat | undefined;
  if (format !== 'csv' && format !== 'ndjson') throw new UsageError(values.format ? `--format: "${values.format}" is not csv or ndjson` : `Cannot tell the format of ${file} from its name: pass --format csv|ndjson`);
  try {
    await access(file);
  } catch {
    throw new UsageError(`No such file: ${file}`);
  }
  const map = await chosenMap(values);
  if (map && format !== 'csv') throw new UsageError('--map and --preset read CSV files');
  const recordType = values.type;
  let csv: HeaderReader;
  if (map) {
    // Read once, before the first line: the tenant's zone for dates, its users for owners.
    const needs = mapNeeds(map);
    const [zone, users] = await Promise.all([
      needs.zone ? api.call<{ timezone: string }>('GET', '/settings').then((settings) => settings.timezone) : undefined,
      needs.users ? loadUserDirectory(api) : undefined,
    ]);
    csv = compileMap(map, { ...(recordType ? { recordType } : {}), ...(zone ? { zone } : {}), ...(users ? { users } : {}) });
  } else csv = await apiColumnsWithHint(recordType);
  const summary = await importRecords(api, file, {
    format,
    updatedAt: new Date().toISOString(),
    ...(recordType ? { recordType } : {}),
    csv,
    ...(map?.delimiter ? { delimiter: map.delimiter } : {}),
    ...(values['dry-run'] ? { dryRun: { check: checkAsTheApi } } : {}),
  });
  io.out(summaryText(summary));
  if (summary.rejected.length) throw new CommandFailedError(`${summary.rejected.length} of the file's lines were rejected (listed above)`);
}
