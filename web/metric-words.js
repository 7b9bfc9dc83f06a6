// What a metric counts, in words, and its conditions as the condition builder edits them (a list of
// comparisons joined by all or any). Pure functions over the API's metric shape (API.md, Metrics).

/** The comparison operators of API.md, with what each says in words. */
export const operators = [
  ['eq', 'is'],
  ['ne', 'is not'],
  ['in', 'is one of'],
  ['nin', 'is none of'],
  ['gt', 'is more than'],
  ['gte', 'is at least'],
  ['lt', 'is less than'],
  ['lte', 'is at most'],
  ['exists', 'is present'],
  ['contains', 'contains'],
];
const opWords = new Map(operators);

const isLeaf = (c) => c && typeof c === 'object' && 'field' in c;
const scalarText = (v) => (v === null || v === undefined ? '' : String(v));

/** A condition value as the builder's "Value" field shows it ("in" lists comma-separated). */
export const valueText = (value) => (Array.isArray(value) ? value.map(scalarText).join(', ') : scalarText(value));

/** One condition tree in words: "status is won and amount is at least 100". */
export function conditionWords(c) {
  const inner = (part) => (isLeaf(part) || 'not' in part ? conditionWords(part) : `(${conditionWords(part)})`);
  if ('all' in c) return c.all.map(inner).join(' and ');
  if ('any' in c) return c.any.map(inner).join(' or ');
  if ('not' in c) return `not ${inner(c.not)}`;
  if (c.op === 'exists') return `${c.field} ${c.value === false ? 'is missing' : 'is present'}`;
  return `${c.field} ${opWords.get(c.op) ?? c.op} ${valueText(c.value)}`;
}

const queryLabels = [
  ['actual', 'actual'],
  ['inProgress', 'in progress'],
  ['custom', 'custom'],
];

/** "actual: status is won · in progress: status is open, dated by expectedCloseAt". */
export function queriesWords(metric) {
  return queryLabels
    .filter(([key]) => metric[key])
    .map(([key, label]) => {
      const query = metric[key];
      const dated = query.dateField === undefined ? '' : query.dateField === null ? ', a snapshot' : `, dated by ${query.dateField}`;
      return `${label}: ${query.where ? conditionWords(query.where) : 'every record'}${dated}`;
    })
    .join(' · ');
}

/** "amount of amount · money (USD) · deal records · dated by closedAt". */
export function metricWords(m) {
  return [
    m.kind === 'amount' ? `sum of ${m.valueField}` : 'count',
    m.dataType === 'money' ? `money (${m.currency})` : m.dataType,
    `${m.recordType} records`,
    m.dateField ? `dated by ${m.dateField}` : 'snapshot (whatever their date)',
  ].join(' · ');
}

/**
 * A query's `where` as the builder's rows: `{match: 'all'|'any', rows: [comparison…]}`, or null when
 * it nests deeper than the builder shows (it is then kept as it is).
 */
export function builderRows(where) {
  if (!where) return { match: 'all', rows: [] };
  if (isLeaf(where)) return { match: 'all', rows: [where] };
  for (const match of ['all', 'any']) if (match in where && where[match].every(isLeaf)) return { match, rows: where[match] };
  return null;
}

/** The builder's "Value" text as JSON: true/false as booleans, plain numbers as numbers, the rest as text. */
export function typedValue(text) {
  const t = text.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  // Only numbers that survive the trip through a double exactly; longer ones stay decimal strings (compared the same way).
  if (/^-?\d+(\.\d+)?$/.test(t) && String(Number(t)) === t && Math.abs(Number(t)) <= 1e15) return Number(t);
  return t;
}

/** One builder row as a comparison: "in"/"nin" take comma-separated values; "exists" takes none or false. */
export function comparisonFrom(field, op, text) {
  if (op === 'in' || op === 'nin') return { field, op, value: text.split(',').map((v) => v.trim()).filter((v) => v !== '').map(typedValue) };
  if (op === 'exists') return text.trim() === '' ? { field, op } : { field, op, value: typedValue(text) };
  if (op === 'contains') return { field, op, value: text };
  return { field, op, value: typedValue(text) };
}

/** The first and last day of the calendar quarter holding `date` (YYYY-MM-DD), by its digits. */
export function quarterOf(date) {
  const [year, month] = date.split('-').map(Number);
  const first = Math.floor((month - 1) / 3) * 3 + 1;
  const lastDay = new Date(Date.UTC(year, first + 2, 0)).getUTCDate();
  const pad = (n) => String(n).padStart(2, '0');
  return { start: `${year}-${pad(first)}-01`, end: `${year}-${pad(first + 2)}-${pad(lastDay)}` };
}
