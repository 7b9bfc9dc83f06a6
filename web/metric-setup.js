// The "Metrics" region (UI.md): the tenant's metrics, each with what it counts in words. Admins add
// one from a template or custom (with a condition builder), preview it for an owner and period
// before it is saved (POST /metrics/preview), edit it and delete it. Others see the list only.
import { api } from './api.js';
import { field, h, openDialog, showError } from './dom.js';
import { count, money } from './format.js';
import { conditionBuilder } from './condition-builder.js';
import { metricWords, queriesWords, quarterOf } from './metric-words.js';
import { isAdmin, onReload, reloadAll, reloadThenClose, state, today } from './session.js';

let region = null;
let templates = null;

/** Renders the region into `section`. */
export async function mountMetrics(section) {
  region = section;
  onReload(render); // the same function every sign-in: registered once
  render();
  section.hidden = false;
}

function render() {
  const list = h('ul', { class: 'plain-list metric-list' }, state.metrics.map(metricItem));
  if (state.metrics.length === 0) list.append(h('li', { class: 'muted' }, 'No metrics yet.'));
  const toolbar = isAdmin() ? h('div', { class: 'row toolbar' }, h('button', { type: 'button', onclick: () => void newMetric(toolbar) }, 'New metric'), h('span', { class: 'form-error', role: 'alert' })) : null;
  region.querySelector('.region-body').replaceChildren(...[toolbar, list].filter(Boolean));
}

function metricItem(metric) {
  return h(
    'li',
    { 'data-metric-id': metric.id },
    h('b', {}, metric.name), ' ', h('span', { class: 'muted' }, metricWords(metric)),
    h('div', { class: 'conditions' }, queriesWords(metric)),
    isAdmin()
      ? h('div', { class: 'goal-actions' },
          h('button', { type: 'button', class: 'secondary', onclick: () => editMetric(metric) }, 'Edit'),
          h('button', { type: 'button', class: 'secondary', onclick: () => deleteMetric(metric) }, 'Delete'))
      : null,
  );
}

// ---- the form shared by "New metric" and "Edit metric" ------------------------------------------

const option = (value, text, selected) => h('option', { value, selected: selected === value }, text);
const select = (name, options, value) => h('select', { name }, options.map(([v, text]) => option(v, text, value)));
const input = (name, value = '', attrs = {}) => h('input', { name, value: value ?? '', autocomplete: 'off', ...attrs });
const trimmed = (control) => control.value.trim();

/**
 * An API error as the form's fields are named: a preview nests the metric under `body.metric`, the
 * form names its fields as POST /metrics does; a problem with the whole metric has no field.
 */
function asFormError(error) {
  if (!error?.details?.length) return error;
  const path = (p) => String(p ?? '').replace(/^body\.metric(?=\.|$)/, 'body').replace(/^body$/, '');
  return { status: error.status, code: error.code, message: error.message, details: error.details.map((d) => ({ ...d, path: path(d.path) })) };
}

/**
 * The metric form: in "new" mode with "Start from" (a template or custom), in "edit" mode with the
 * metric's definition and kind, data type and currency read-only (they cannot change). Returns the
 * form and `body()`, the definition as POST /metrics takes it.
 */
function metricForm(metric) {
  const editing = metric !== null;
  const money = (dataType) => dataType === 'money';
  const c = {
    template: select('template', (templates ?? []).map((t) => [t.id, t.name]), 'revenue'),
    name: input('name', metric?.name, { required: editing }),
    kind: select('kind', [['count', 'Count of records'], ['amount', 'Sum of a field']], metric?.kind ?? 'count'),
    dataType: select('dataType', [['integer', 'Integer'], ['money', 'Money'], ['decimal', 'Decimal']], metric?.dataType ?? 'integer'),
    currency: input('currency', metric?.currency ?? state.settings?.defaultCurrency ?? 'EUR', { maxlength: 3, size: 4 }),
    currencyMode: select('currencyMode', [['only', 'Do not count'], ['convert', 'Convert at the exchange rate of their date']], metric?.currencyMode ?? 'only'),
    recordType: input('recordType', metric?.recordType, { placeholder: 'deal, lead, activity…' }),
    dateField: input('dateField', metric?.dateField, { placeholder: 'closedAt' }),
    valueField: input('valueField', metric?.valueField, { placeholder: 'amount' }),
  };
  const queries = [
    conditionBuilder('actual', 'Actual', metric ? metric.actual : { where: null }),
    conditionBuilder('inProgress', 'In progress', metric?.inProgress ?? null),
    conditionBuilder('custom', 'Custom', metric?.custom ?? null),
  ];
  const templateOf = () => (templates ?? []).find((t) => t.id === c.template.value);
  const mode = h('fieldset', { class: 'choice' }, h('legend', {}, 'Start from'),
    h('label', {}, h('input', { type: 'radio', name: 'mode', value: 'template', checked: true }), ' From a template'),
    h('label', {}, h('input', { type: 'radio', name: 'mode', value: 'custom' }), ' Custom'));
  const isTemplate = () => !editing && mode.querySelector('input:checked').value === 'template';
  const templatePart = field('Template', c.template, ' '); // the hint: the chosen template's description
  const templateHint = templatePart.querySelector('small');
  const customPart = h('div', {},
    field('Kind', c.kind), field('Data type', c.dataType, editing ? 'Fixed once created: goals were set in it.' : null),
    field('Record type', c.recordType),
    field('Date field', c.dateField, 'The record field that dates it into a period; empty: a snapshot (what matches now, whatever its date).'),
    h('div', { class: 'value-field' }, field('Value field', c.valueField, 'The record field that is summed.')),
    queries.map((q) => q.element));
  const currencyPart = h('div', {},
    field('Currency', c.currency, editing ? 'Fixed once created.' : null),
    field('Other currencies', c.currencyMode, 'Records in another currency: left out, or converted by the exchange rates under Settings.'));
  const namePart = field('Name', c.name, ' '); // the hint: what an empty name means
  const nameHint = namePart.querySelector('small');

  /** Shows what applies to the choices made so far. */
  function update() {
    const template = templateOf();
    templatePart.hidden = !isTemplate();
    customPart.hidden = isTemplate();
    templateHint.textContent = template?.description ?? '';
    c.name.placeholder = isTemplate() ? (template?.name ?? '') : '';
    nameHint.textContent = isTemplate() ? 'Empty: the template’s name.' : '';
    // A count is a whole number of records: no other data type, nothing to sum.
    if (c.kind.value === 'count') c.dataType.value = 'integer';
    for (const o of c.dataType.options) o.disabled = c.kind.value === 'count' && o.value !== 'integer';
    customPart.querySelector('.value-field').hidden = c.kind.value === 'count';
    currencyPart.hidden = !money(isTemplate() ? template?.dataType : c.dataType.value);
  }
  if (editing) for (const control of [c.kind, c.dataType, c.currency]) control.disabled = true;
  for (const control of [mode, c.template, c.kind, c.dataType]) control.addEventListener('change', update);

  // Money only; left empty, the API takes the tenant's default currency.
  const currencyOf = (dataType) =>
    money(dataType) ? { ...(trimmed(c.currency) ? { currency: trimmed(c.currency).toUpperCase() } : {}), currencyMode: c.currencyMode.value } : {};
  function body() {
    if (isTemplate()) return { template: c.template.value, ...(trimmed(c.name) ? { name: trimmed(c.name) } : {}), ...currencyOf(templateOf()?.dataType) };
    const kind = c.kind.value;
    return {
      name: trimmed(c.name),
      kind,
      dataType: c.dataType.value,
      ...currencyOf(c.dataType.value),
      recordType: trimmed(c.recordType),
      dateField: trimmed(c.dateField) || null,
      valueField: kind === 'amount' ? trimmed(c.valueField) || null : null,
      ...Object.fromEntries(queries.map((q) => [q.key, q.read()])),
    };
  }
  /** The currency values are shown in (money metrics), as the API will take it. */
  const currency = () => {
    const definition = body();
    const dataType = definition.template ? templateOf()?.dataType : definition.dataType;
    return money(dataType) ? definition.currency || state.settings?.defaultCurrency : undefined;
  };

  const form = h('form', { class: 'metric-form', novalidate: true },
    editing ? null : mode, templatePart, namePart, customPart, currencyPart);
  update();
  return { form, body, currency };
}

// ---- preview -------------------------------------------------------------------------------------

/** The owners a preview may be for: units (organization first) and people. */
function ownerSelect() {
  const rank = { organization: 0, department: 1, team: 2 };
  const units = [...state.units.values()].sort((a, b) => rank[a.kind] - rank[b.kind] || a.name.localeCompare(b.name));
  const users = [...state.users.values()].sort((a, b) => a.name.localeCompare(b.name));
  return h('select', { name: 'owner' },
    units.length ? h('optgroup', { label: 'Units' }, units.map((u) => h('option', { value: `${u.kind}:${u.id}` }, `${u.name} (${u.kind})`))) : null,
    users.length ? h('optgroup', { label: 'People' }, users.map((u) => h('option', { value: `user:${u.id}` }, u.name))) : null);
}

/**
 * The "Preview" part: a period (this quarter in the tenant's zone) and an owner, and what the metric
 * as the form describes it would measure for them — nothing is saved.
 */
function previewPart(form, { body, currency }) {
  const quarter = quarterOf(today());
  const start = input('period.start', quarter.start, { type: 'date' });
  const end = input('period.end', quarter.end, { type: 'date' });
  const owner = ownerSelect();
  const result = h('div', { class: 'preview-result', role: 'status' });
  const button = h('button', { type: 'button', class: 'secondary' }, 'Preview');

  button.addEventListener('click', async () => {
    const [type, ...id] = owner.value.split(':');
    button.disabled = true;
    result.setAttribute('aria-busy', 'true');
    try {
      const preview = await api('POST', '/metrics/preview', { metric: body(), period: { start: start.value, end: end.value }, owner: { type, id: id.join(':') } });
      result.replaceChildren(...previewView(preview, currency()));
      form.querySelector('.form-error')?.replaceChildren();
    } catch (error) {
      result.replaceChildren();
      showError(form, asFormError(error));
    } finally {
      button.disabled = false;
      result.setAttribute('aria-busy', 'false');
    }
  });
  return h('fieldset', { class: 'preview' }, h('legend', {}, 'Preview'),
    h('div', { class: 'row' }, field('Start', start), field('End', end), field('Owner', owner)), button, result);
}

function previewView(preview, currency) {
  const value = (label, key) => [h('dt', {}, label), h('dd', { 'data-key': key, 'data-value': preview[key] ?? '' }, preview[key] === null ? '—' : money(preview[key], currency))];
  const more = preview.matchingRecords > preview.recordIds.length ? ` (the first ${preview.recordIds.length} shown)` : '';
  const skipped = preview.skippedRecords ? `; ${count(preview.skippedRecords, 'record')} skipped (another currency, a bad value or date)` : '';
  return [
    h('p', { class: 'muted' }, `${preview.period.start} to ${preview.period.end}`),
    h('dl', { class: 'settings-list' }, value('Actual', 'actual'), value('In progress', 'inProgress'), value('Custom', 'custom')),
    h('p', { class: 'matching', 'data-value': preview.matchingRecords }, `${count(preview.matchingRecords, 'matching record')}${more}${skipped}`),
    preview.recordIds.length ? h('ul', { class: 'record-ids', 'aria-label': 'Matching records' }, preview.recordIds.map((id) => h('li', {}, id))) : null,
  ];
}

// ---- new, edit, delete ---------------------------------------------------------------------------

/**
 * Sends `request()` from `form` with its submit button busy; errors go next to their fields, put
 * into other words by `explain` where the general ones would say too little.
 */
async function submit(form, button, request, { reload, explain = (error) => error } = {}) {
  button.disabled = true;
  try {
    await request();
    return true;
  } catch (error) {
    showError(form, asFormError(explain(error)), { reload });
    return false;
  } finally {
    button.disabled = false;
  }
}

async function newMetric(toolbar) {
  try {
    templates ??= (await api('GET', '/metric-templates')).items;
  } catch (error) {
    showError(toolbar, error);
    return;
  }
  openDialog('New metric', (dialog, close) => {
    const shape = metricForm(null);
    const button = h('button', { type: 'submit' }, 'Create metric');
    shape.form.append(previewPart(shape.form, shape), h('div', { class: 'row' }, button));
    shape.form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (await submit(shape.form, button, () => api('POST', '/metrics', shape.body()))) {
        await reloadThenClose(close);
      }
    });
    dialog.append(shape.form);
  });
}

function editMetric(metric) {
  openDialog('Edit metric', (dialog, close) => {
    const shape = metricForm(metric);
    const button = h('button', { type: 'submit' }, 'Save metric');
    shape.form.append(previewPart(shape.form, shape), h('div', { class: 'row' }, button));
    // A stale edit: read the metric as it is now and edit that.
    // The stale dialog goes first; the one reopened on what is stored now takes its place.
    const reload = async () => {
      close();
      await reloadAll();
      const fresh = state.metrics.find((m) => m.id === metric.id);
      if (fresh) editMetric(fresh);
    };
    shape.form.addEventListener('submit', async (event) => {
      event.preventDefault();
      // Kind, data type and currency cannot change (409): the patch leaves them out.
      const { kind: _kind, dataType: _dataType, currency: _currency, ...patch } = shape.body();
      if (await submit(shape.form, button, () => api('PATCH', `/metrics/${encodeURIComponent(metric.id)}`, patch, { version: metric.version }), { reload })) {
        await reloadThenClose(close);
      }
    });
    dialog.append(shape.form);
  });
}

function deleteMetric(metric) {
  openDialog('Delete metric', (dialog, close) => {
    const button = h('button', { type: 'submit' }, 'Delete');
    const form = h('form', {}, h('p', {}, `Delete the metric “${metric.name}”? Goals that use it keep it from being deleted.`),
      h('div', { class: 'row' }, button, h('button', { type: 'button', class: 'secondary', onclick: close }, 'Cancel')));
    const reload = async () => {
      await reloadThenClose(close);
    };
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      // 409: goals use it (their targets and results are in its terms).
      const explain = (error) =>
        error?.status === 409 ? { status: 409, details: [], message: `Goals use “${metric.name}”, so it stays. Delete those goals or move them to another metric first.` } : error;
      const deleted = await submit(form, button, () => api('DELETE', `/metrics/${encodeURIComponent(metric.id)}`, undefined, { version: metric.version }), { reload, explain });
      if (deleted) await reload();
    });
    dialog.append(form);
  });
}
