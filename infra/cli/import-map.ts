import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { fieldNameSchema, idSchema } from '../../core/model/primitives.ts';
import { compileDatePattern } from './date-pattern.ts';
import { numberLocale } from './locale-number.ts';

/**
 * A map (API.md "The `attain` CLI"): how a CRM's own export becomes records. `columns` maps each
 * column (by its header, case-insensitively) to a field, plainly or with a `lookup`, a `number`
 * locale, a `date` pattern or a `values` map; `constants` adds fields; `ignore` drops columns; any
 * other column is a field under its own name made safe. Beyond API.md: a column may feed several
 * fields (an array of specs), `date` may list patterns to try in turn, and `optional: true` lets a
 * column be absent from the header (presets use it for columns an export has only sometimes), and
 * `delimiter` names what separates the cells when it is not a comma.
 */

const scalarSchema = z.union([z.string().max(4096), z.number().finite(), z.boolean()]);

const fieldSchema = fieldNameSchema;

const knownLocale = z.string().refine((locale) => numberLocale(locale) !== undefined, { error: (issue) => `"${issue.input}" is no locale Node knows (e.g. en-US, de-DE, fr-FR)` });

const datePatternSchema = z.string().superRefine((pattern, ctx) => {
  if (pattern === 'iso') return;
  const compiled = compileDatePattern(pattern);
  if (typeof compiled === 'string') ctx.addIssue({ code: 'custom', message: compiled });
});

export const columnSpecSchema = z
  .strictObject({
    field: fieldSchema,
    lookup: z.enum(['user-name', 'user-email']).optional(),
    number: knownLocale.optional(),
    date: z.union([datePatternSchema, z.array(datePatternSchema).min(1)]).optional(),
    values: z.record(z.string(), scalarSchema).optional(),
    optional: z.boolean().optional(),
  })
  .refine((spec) => ['lookup', 'number', 'date', 'values'].filter((kind) => kind in spec && spec[kind as keyof typeof spec] !== undefined).length <= 1, {
    message: 'a column spec takes at most one of lookup, number, date, values',
  });
export type ColumnSpec = z.infer<typeof columnSpecSchema>;

export const importMapSchema = z.strictObject({
  recordType: idSchema.optional(),
  // A column's value may be a field name, a spec or several specs: always read as a list of specs.
  columns: z.record(
    z.string().trim().min(1),
    z.preprocess((value) => (typeof value === 'string' ? [{ field: value }] : Array.isArray(value) ? value : [value]), z.array(columnSpecSchema).min(1)),
  ),
  constants: z.record(fieldSchema, scalarSchema).optional(),
  ignore: z.array(z.string().trim().min(1)).optional(),
  /** What separates the cells: a spreadsheet saved in a German or French locale often writes ';'. */
  delimiter: z.enum([',', ';', '\t', '|']).optional(),
});
export type ImportMap = z.infer<typeof importMapSchema>;

/** A map file that is not a map: its problems, one a line, each with its place in the file. */
export class MapError extends Error {
  override name = 'MapError';
}

/** Where an issue is in the file: `columns["Close Date"].date` (a column's one spec has no index: it was written without a list). */
function place(path: readonly PropertyKey[], value: unknown): string {
  const columns = (value as { columns?: Record<string, unknown> } | undefined)?.columns;
  const written = path[0] === 'columns' && path.length > 2 && !Array.isArray(columns?.[String(path[1])]) ? [...path.slice(0, 2), ...path.slice(3)] : path;
  return written
    .map((p) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_]\w*$/.test(String(p)) ? `.${String(p)}` : `[${JSON.stringify(String(p))}]`))
    .join('')
    .replace(/^\./, '');
}

/** Parses a map (an object read from JSON); `source` names it in errors. */
export function parseImportMap(value: unknown, source: string): ImportMap {
  const parsed = importMapSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${place(issue.path, value) || '(the map)'}: ${issue.message}`);
  throw new MapError(`${source} is not a valid map:\n${problems.join('\n')}`);
}

/** Reads and parses a map file. */
export async function readImportMap(file: string): Promise<ImportMap> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new MapError(`cannot read the map ${file}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new MapError(`${file} is not JSON: ${(error as Error).message}`);
  }
  return parseImportMap(value, file);
}

/** Each column's specs in the map's order (a plain field name is a spec with only `field`). */
export function columnSpecs(map: ImportMap): [column: string, specs: ColumnSpec[]][] {
  return Object.entries(map.columns);
}

/** What a map needs to read before the import: the tenant's time zone (dates), the users (lookups). */
export function mapNeeds(map: ImportMap): { zone: boolean; users: boolean } {
  const specs = columnSpecs(map).flatMap(([, list]) => list);
  return { zone: specs.some((spec) => spec.date !== undefined), users: specs.some((spec) => spec.lookup !== undefined) };
}
