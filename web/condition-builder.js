// The condition builder of a metric's rollup query (actual, in progress or custom): whether the
// metric measures it, its conditions (field, operator, value) joined by all or any, and the date
// field it may use instead of the metric's (API.md: a rollup field may override dateField).
import { field, h } from './dom.js';
import { builderRows, comparisonFrom, conditionWords, operators, valueText } from './metric-words.js';

const valueHints = {
  in: 'Several values, separated by commas.',
  nin: 'Several values, separated by commas.',
  exists: 'Empty: the field is present; false: it is missing.',
};

function conditionRow(condition, onRemove) {
  const name = h('input', { value: condition?.field ?? '', autocomplete: 'off', placeholder: 'status' });
  const op = h('select', {}, operators.map(([value, words]) => h('option', { value, selected: condition?.op === value }, `${words} (${value})`)));
  const value = h('input', { value: valueText(condition?.value), autocomplete: 'off', placeholder: 'won' });
  const valueField = field('Value', value, ' '); // a hint slot the operator fills
  const hint = () => {
    valueField.querySelector('small').textContent = valueHints[op.value] ?? '';
  };
  op.addEventListener('change', hint);
  hint();
  const row = h('li', { class: 'condition-row' }, field('Field', name), field('Operator', op), valueField,
    h('button', { type: 'button', class: 'secondary', onclick: () => onRemove(row) }, 'Remove condition'));
  return { row, controls: { field: name, op, value }, read: () => comparisonFrom(name.value.trim(), op.value, value.value) };
}

/**
 * The builder of the query `key` ("actual", "inProgress", "custom") headed `legend`, started from
 * `query` (null: not measured). `read()` is the query as POST /metrics takes it, or null. A
 * condition that nests deeper than one all/any is shown in words and kept as it is.
 */
export function conditionBuilder(key, legend, query) {
  const label = legend.toLowerCase();
  const include = h('input', { type: 'checkbox', name: key, checked: query !== null });
  const shown = query ? builderRows(query.where) : { match: 'all', rows: [] };
  const match = h('select', {}, h('option', { value: 'all', selected: shown?.match === 'all' }, 'All conditions'), h('option', { value: 'any', selected: shown?.match === 'any' }, 'Any condition'));
  const ownDate = h('input', { name: `${key}.dateField`, value: query?.dateField ?? '', autocomplete: 'off', placeholder: 'the metric’s date field' });
  const list = h('ol', { class: 'conditions-list' });
  const empty = h('p', { class: 'muted' }, 'No conditions: every record of the type counts.');
  let rows = [];

  /** Names the controls as the API's error paths name them (actual.where.all.0.value), so errors land beside them. */
  function rename() {
    rows.forEach((r, i) => {
      for (const [part, control] of Object.entries(r.controls)) control.name = `${key}.where.${match.value}.${i}.${part}`;
    });
    empty.hidden = rows.length > 0;
  }
  function add(condition) {
    const made = conditionRow(condition, (row) => {
      rows = rows.filter((r) => r.row !== row);
      row.remove();
      rename();
    });
    rows.push(made);
    list.append(made.row);
    rename();
    return made;
  }
  for (const condition of shown?.rows ?? []) add(condition);
  match.addEventListener('change', rename);

  const conditions = shown
    ? [field('Match', match), list, empty, h('button', { type: 'button', class: 'secondary', onclick: () => add(null).controls.field.focus() }, 'Add condition')]
    : [h('p', {}, `Conditions: ${conditionWords(query.where)}. They were set up outside this page and are kept as they are.`)];
  const body = h('div', { class: 'query-body' }, conditions, field('Own date field', ownDate, `Empty: the metric’s date field. For ${label} only.`));
  const toggle = () => {
    body.hidden = !include.checked;
  };
  include.addEventListener('change', toggle);
  toggle();
  const includeField = field(`Include ${label}`, include);
  includeField.classList.add('check');

  function read() {
    if (!include.checked) return null;
    const own = ownDate.value.trim();
    // A null override (this value a snapshot) cannot be typed here; one set elsewhere stays.
    const dateField = own ? { dateField: own } : query?.dateField === null ? { dateField: null } : {};
    if (!shown) return { where: query.where, ...dateField };
    return { ...(rows.length ? { where: { [match.value]: rows.map((r) => r.read()) } } : {}), ...dateField };
  }
  const element = h('fieldset', { class: 'query' }, h('legend', {}, legend), includeField, body);
  return { key, element, read };
}
