import { fieldNameSchema } from '../../core/model/primitives.ts';
import { maxRecordFields, reservedRecordFields as reservedFields } from '../../functions/api/records/record-schema.ts';
import { dateReader } from './date-pattern.ts';
import { columnSpecs, type ColumnSpec, type ImportMap } from './import-map.ts';
import { numberLocale } from './locale-number.ts';
import { cellValue, HeaderError, parseSplitsCell, type HeaderReader } from './read-records.ts';
import type { UserDirectory } from './user-directory.ts';

/**
 * A column's name as a field name: words in camelCase, accents and punctuation dropped
 * (`Lead Source` → `leadSource`, `Probability (%)` → `probability`, `Deal - Title` → `dealTitle`);
 * `_` first when it would start with a digit; at most 64 characters. Empty when nothing is left.
 */
export function safeFieldName(column: string): string {
  const words = column.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words
    .map((word, i) => {
      const lower = word === word.toUpperCase() || i === 0 ? word.toLowerCase() : word;
      return i === 0 ? lower : lower.charAt(0).toUpperCase() + lower.slice(1);
    })
    .join('');
  return (/^\d/.test(name) ? `_${name}` : name).slice(0, 64);
}

/** What the rows need from the API: the tenant's time zone for dates, the users for lookups. */
export interface MapContext {
  /** recordType for every record (--type), over the map's. */
  readonly recordType?: string;
  readonly zone?: string;
  readonly users?: UserDirectory;
}

type Converted = { value: unknown; currency?: string } | { error: string };
type Converter = (cell: string) => Converted;

const normalized = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();
const quoted = (names: readonly string[], most = 12) => `${names.slice(0, most).map((n) => JSON.stringify(n)).join(', ')}${names.length > most ? `, … (${names.length} in all)` : ''}`;

function converter(spec: ColumnSpec, context: MapContext): Converter {
  if (spec.lookup) {
    const { users } = context;
    const lookup = spec.lookup;
    if (!users) throw new Error('a lookup needs the users');
    return (cell) => {
      const found = users.find(lookup, cell);
      return 'id' in found ? { value: found.id } : found;
    };
  }
  if (spec.number) {
    const locale = numberLocale(spec.number)!;
    return (cell) => locale.read(cell) ?? { error: `"${cell}" is not a number as ${locale.locale} writes them (${locale.example})` };
  }
  if (spec.date) {
    const patterns = typeof spec.date === 'string' ? [spec.date] : spec.date;
    if (!context.zone) throw new Error('a date needs the time zone');
    const read = dateReader(patterns, context.zone);
    return (cell) => {
      const instant = read(cell);
      return instant !== undefined ? { value: instant } : { error: `"${cell}" is not a date like ${patterns.join(' or ')}` };
    };
  }
  if (spec.values) {
    const exact = new Map(Object.entries(spec.values));
    const loose = new Map(Object.entries(spec.values).map(([cell, value]) => [normalized(cell), value]));
    const other = spec.values['*'];
    return (cell) => ({ value: exact.get(cell) ?? loose.get(normalized(cell)) ?? other ?? cell });
  }
  if (spec.field === 'splits') {
    return (cell) => {
      const splits = parseSplitsCell(cell);
      return typeof splits === 'string' ? { error: splits } : { value: splits };
    };
  }
  return (cell) => ({ value: cellValue(cell) });
}

/** A converter that reads a cell once when the specs after it read the same cell alike. */
function memoizedLast(convert: Converter): Converter {
  let lastCell: string | undefined;
  let last: Converted | undefined;
  return (cell) => {
    if (cell !== lastCell) (last = convert(cell)), (lastCell = cell);
    return last!;
  };
}

interface MappedColumn {
  readonly name: string;
  readonly index: number;
  readonly fields: { readonly field: string; readonly convert: Converter }[];
}

/**
 * A map as a {@link HeaderReader}: checks the header once (every column the map needs is there,
 * once; every other column makes a field name that is free; the record gets an id, an owner and a
 * type), then turns each row into a record. A field that several columns give takes the first
 * non-empty one in the map's order; an empty cell gives nothing. A number's currency sign becomes
 * `currency` when no column or constant gives it, and must agree with it when one does.
 */
export function compileMap(map: ImportMap, context: MapContext): HeaderReader {
  return (header) => {
    const problems: string[] = [];
    const positions = new Map<string, number[]>();
    header.forEach((name, i) => positions.set(normalized(name), [...(positions.get(normalized(name)) ?? []), i]));
    const mapped: MappedColumn[] = [];
    const missing: string[] = [];
    const fields = new Set<string>(Object.keys(map.constants ?? {}));
    for (const [column, specs] of columnSpecs(map)) {
      const at = positions.get(normalized(column)) ?? [];
      if (at.length > 1) problems.push(`${at.length} columns are named "${column}"`);
      if (at.length === 0) {
        if (!specs.every((spec) => spec.optional)) missing.push(column);
        continue;
      }
      // Specs that read the cell alike (Close Date as closedAt and expectedCloseAt) share one reading of it.
      const readings = new Map<string, Converter>();
      const reading = (spec: ColumnSpec) => {
        const { field: _field, optional: _optional, ...how } = spec;
        const key = JSON.stringify({ ...how, splits: spec.field === 'splits' });
        if (!readings.has(key)) readings.set(key, memoizedLast(converter(spec, context)));
        return readings.get(key)!;
      };
      for (const spec of specs) {
        if (spec.field in (map.constants ?? {})) problems.push(`"${column}" and the constant both give ${spec.field}`);
        fields.add(spec.field);
      }
      mapped.push({ name: column, index: at[0]!, fields: specs.map((spec) => ({ field: spec.field, convert: reading(spec) })) });
    }
    if (missing.length) problems.push(`no column ${quoted(missing)}, which the map needs (the header has ${quoted(header)})`);
    const taken = new Set([...positions.keys()].filter((name) => mapped.some((m) => normalized(m.name) === name) || (map.ignore ?? []).some((i) => normalized(i) === name)));
    const unmapped: { index: number; field: string }[] = [];
    header.forEach((column, index) => {
      // A column without a name (a spreadsheet's trailing comma) is no field.
      if (column === '' || taken.has(normalized(column))) return;
      const field = safeFieldName(column);
      if (!fieldNameSchema.safeParse(field).success) problems.push(`"${column}" makes no field name: map it or ignore it`);
      else if (reservedFields.has(field)) problems.push(`"${column}" would be the reserved field ${field}: map it or ignore it`);
      else if (fields.has(field)) problems.push(`"${column}" would be the field ${field}, which another column or a constant gives: map it or ignore it`);
      else (fields.add(field), unmapped.push({ index, field }));
    });
    const recordType = context.recordType ?? map.recordType;
    const needed = ['id', 'ownerId', ...(recordType ? [] : ['recordType'])].filter((field) => !fields.has(field));
    if (needed.length) problems.push(`nothing gives ${needed.join(', ')}: map a column to ${needed.length > 1 ? 'each' : 'it'}${needed.includes('recordType') ? ' (or set recordType in the map or pass --type)' : ''}`);
    const own = [...fields].filter((field) => !reservedFields.has(field));
    if (own.length > maxRecordFields) problems.push(`the records would have ${own.length} fields, the API takes at most ${maxRecordFields}: ignore some columns`);
    if (problems.length) throw new HeaderError(problems.join('; '));

    const constants = { ...(map.constants ?? {}), ...(recordType ? { recordType } : {}) };
    return (cells) => {
      const record: Record<string, unknown> = { ...constants };
      const errors = new Set<string>(); // a column feeding several fields says what is wrong with it once
      let cellCurrency: { column: string; code: string } | undefined;
      for (const column of mapped) {
        const cell = cells[column.index]!;
        if (cell.trim() === '') continue;
        for (const { field, convert } of column.fields) {
          const converted = convert(cell);
          if ('error' in converted) errors.add(`"${column.name}": ${converted.error}`);
          else if (record[field] === undefined && converted.value !== undefined) record[field] = converted.value;
          if ('currency' in converted && converted.currency) cellCurrency ??= { column: column.name, code: converted.currency };
        }
      }
      for (const { index, field } of unmapped) {
        const value = cellValue(cells[index]!);
        if (value !== undefined) record[field] = value;
      }
      if (cellCurrency) {
        if (record.currency === undefined) record.currency = cellCurrency.code;
        else if (record.currency !== cellCurrency.code) errors.add(`"${cellCurrency.column}" is in ${cellCurrency.code}, but the currency is ${String(record.currency)}`);
      }
      for (const field of ['id', 'ownerId'] as const) if (record[field] === undefined && !errors.size) errors.add(`no ${field}: ${describeSources(mapped, field)} empty`);
      return errors.size ? { error: [...errors].join('; ') } : { record };
    };
  };
}

function describeSources(mapped: readonly MappedColumn[], field: string): string {
  const columns = mapped.filter((column) => column.fields.some((f) => f.field === field)).map((column) => `"${column.name}"`);
  return columns.length > 1 ? `${columns.join(' and ')} are` : `${columns[0] ?? 'its column'} is`;
}
