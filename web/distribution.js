// The "Cascade" and "Generate periods" dialogs (UI.md): a goal's target divided among assignees, or
// over the weeks, months or quarters of its period. What would be stored is shown first, from the
// API's own dry run (`?dryRun=true`): the rule of exact splitting lives once, in core/, so the
// preview cannot disagree with what "Cascade" or "Generate" then stores.
import { api } from './api.js';
import { clearErrors, field, h, openDialog, showError } from './dom.js';
import { money } from './format.js';
import { goalCurrency, mayManageOwner, ownerName, reloadThenClose, state } from './session.js';

/** How long the preview waits after the last change before it asks the API again. */
const previewDelayMs = 250;

const goalPath = (goal, action, dryRun) => `/goals/${encodeURIComponent(goal.id)}/${action}${dryRun ? '?dryRun=true' : ''}`;
const periodText = (period) => `${period.start} – ${period.end}`;

// ---- the preview both dialogs share ----------------------------------------------------------

/**
 * The region showing the resulting targets. `update()` asks again a moment after the last change
 * and shows only the latest answer; the region is aria-busy from the change until that answer is
 * shown, so a reader (or a test) knows when it is current. `request()` returns the dry run's
 * promise, or a sentence saying what is missing before one can be asked.
 */
function livePreview(form, request, render) {
  const headingId = `p-${Math.random().toString(36).slice(2, 10)}`;
  const body = h('div', { class: 'preview-body' });
  const region = h('section', { class: 'preview', 'aria-labelledby': headingId, 'aria-live': 'polite', 'aria-busy': 'true' }, h('h3', { id: headingId }, 'Resulting targets'), body);
  let timer;
  let latest = 0;
  const ask = async () => {
    const mine = ++latest;
    try {
      const answer = await request();
      if (mine !== latest) return;
      clearErrors(form);
      body.replaceChildren(...(typeof answer === 'string' ? [h('p', { class: 'muted' }, answer)] : render(answer).filter(Boolean)));
    } catch (error) {
      if (mine !== latest) return;
      showError(form, error, { focus: false });
      body.replaceChildren(h('p', { class: 'muted' }, 'No result to show until the marked problem is fixed.'));
    } finally {
      if (mine === latest) region.setAttribute('aria-busy', 'false');
    }
  };
  const update = () => {
    latest++; // an answer still on its way for the form as it was is not shown
    region.setAttribute('aria-busy', 'true');
    clearTimeout(timer);
    timer = setTimeout(() => void ask(), previewDelayMs);
  };
  /** No more requests (the dialog closed). */
  const stop = () => {
    clearTimeout(timer);
    latest++;
  };
  return { region, update, stop };
}

/**
 * The dry run's children as a table (`label` names each), their exact sum beside the parent's
 * target, and a mark when the two differ (manual targets need not add up).
 */
function resultTable(goal, answer, label) {
  const currency = goalCurrency(goal);
  const amount = (cls, value) => h('td', { class: `num ${cls}`, 'data-value': value }, money(value, currency));
  const differs = answer.sum !== goal.target;
  return [
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'result' },
        h('tbody', {}, answer.items.map((child) => h('tr', { class: 'child' }, h('td', {}, label(child)), amount('target', child.target)))),
        h(
          'tfoot',
          {},
          h('tr', { class: differs ? 'mismatch' : null }, h('th', { scope: 'row' }, 'Sum'), amount('sum', answer.sum)),
          h('tr', {}, h('th', { scope: 'row' }, "Parent's target"), amount('parent-target', goal.target)),
        ),
      ),
    ),
    differs ? h('p', { class: 'mismatch-note' }, `The targets add up to ${money(answer.sum, currency)}, not the parent's ${money(goal.target, currency)}.`) : null,
    answer.fellBackToEqual ? h('p', { class: 'muted' }, 'Nobody had results in the previous period, so the target is divided equally.') : null,
  ];
}

/** Sends the real request, then closes the dialog and shows the page as it is now; errors go next to their fields. */
async function store(form, button, send, close) {
  button.disabled = true;
  try {
    await send();
  } catch (error) {
    showError(form, error);
    return;
  } finally {
    button.disabled = false;
  }
  await reloadThenClose(close);
}

// ---- Cascade ---------------------------------------------------------------------------------

const ownerKey = (owner) => `${owner.type}:${owner.id}`;
const ownerOf = (key) => ({ type: key.slice(0, key.indexOf(':')), id: key.slice(key.indexOf(':') + 1) });
const overlaps = (membership, period) => (!membership.from || membership.from <= period.end) && (!membership.to || membership.to >= period.start);

/** The owners the signed-in user may set goals for, grouped as the owner choice lists them. */
function ownerChoices() {
  const units = [...state.units.values()];
  const groups = [
    ['Organization', units.filter((u) => u.kind === 'organization')],
    ['Departments', units.filter((u) => u.kind === 'department')],
    ['Teams', units.filter((u) => u.kind === 'team')],
  ].map(([name, list]) => [name, list.map((u) => ({ type: u.kind, id: u.id }))]);
  groups.push(['People', [...state.users.values()].filter((u) => u.active !== false).map((u) => ({ type: 'user', id: u.id }))]);
  return groups.map(([name, owners]) => [name, owners.filter(mayManageOwner)]).filter(([, owners]) => owners.length > 0);
}

/** Whom a unit's goal is usually divided among: its child units, or else its members during the goal's period. */
function defaultAssignees(goal, allowed) {
  if (goal.owner.type === 'user') return [];
  const children = [...state.units.values()].filter((u) => u.parentId === goal.owner.id).map((u) => ({ type: u.kind, id: u.id }));
  const members = [...state.users.values()].filter((u) => (u.memberships ?? []).some((m) => m.unitId === goal.owner.id && overlaps(m, goal.period))).map((u) => ({ type: 'user', id: u.id }));
  return (children.length > 0 ? children : members).filter((owner) => allowed.has(ownerKey(owner)));
}

/** One assignee: whom (an owner choice), with a weight (Weighted) or a target (Manual), and a remove button. */
function assigneeRow(owner, choices, onRemove) {
  const select = h('select', {}, choices.map(([name, owners]) => h('optgroup', { label: name }, owners.map((o) => h('option', { value: ownerKey(o) }, ownerName(o))))));
  select.value = ownerKey(owner);
  const weight = h('input', { inputmode: 'decimal', autocomplete: 'off', value: '1' });
  const target = h('input', { inputmode: 'decimal', autocomplete: 'off' });
  const remove = h('button', { type: 'button', class: 'secondary' }, 'Remove');
  const row = h('fieldset', { class: 'assignee' }, h('legend', {}), h('div', { class: 'row' }, field('Owner', select), field('Weight', weight), field('Target', target), remove));
  remove.addEventListener('click', () => onRemove(row));
  return { row, select, weight, target, remove };
}

/**
 * The "Cascade" dialog for `goal` (as GET /goals returns it): a method, one row per assignee, the
 * resulting targets from the dry run with their sum beside the parent's target, and "Cascade".
 */
export function openCascade(goal) {
  return openDialog('Cascade', (dialog, close) => {
    const choices = ownerChoices();
    const allowed = new Set(choices.flatMap(([, owners]) => owners.map(ownerKey)));
    const method = h('select', { name: 'method' }, h('option', { value: 'equal' }, 'Equal'), h('option', { value: 'weighted' }, 'Weighted'), h('option', { value: 'manual' }, 'Manual'));
    const fromPrevious = h('input', { type: 'checkbox', name: 'weightsFrom' });
    const previousField = h('div', { class: 'field check' }, h('label', {}, fromPrevious, ' Weights from previous period'), h('span', { class: 'field-error', role: 'alert' }));
    const list = h('div', { class: 'assignees' });
    const add = h('button', { type: 'button', class: 'secondary' }, 'Add assignee');
    const submit = h('button', { type: 'submit' }, 'Cascade');
    const form = h('form', { class: 'distribution', novalidate: true });
    let rows = [];
    let lastTargets = new Map(); // owner key → target the latest preview showed

    const body = () => {
      const weighted = method.value === 'weighted';
      const previous = weighted && fromPrevious.checked;
      const assignees = rows.map((r) => ({
        owner: ownerOf(r.select.value),
        ...(weighted && !previous ? { weight: r.weight.value.trim() } : {}),
        ...(method.value === 'manual' ? { target: r.target.value.trim() } : {}),
      }));
      return { method: method.value, assignees, ...(previous ? { weightsFrom: 'previous-period' } : {}) };
    };
    const preview = livePreview(
      form,
      () => {
        const request = body();
        if (request.assignees.length === 0) return 'Add an assignee to see the targets.';
        if (request.assignees.some((a) => a.weight === '')) return 'Give every assignee a weight to see the targets.';
        if (request.assignees.some((a) => a.target === '')) return 'Give every assignee a target to see the sum.';
        return api('POST', goalPath(goal, 'cascade', true), request);
      },
      (answer) => {
        lastTargets = new Map(answer.items.map((child) => [ownerKey(child.owner), child.target]));
        return resultTable(goal, answer, (child) => ownerName(child.owner));
      },
    );

    /** Names, legends and visible fields as the rows and the method are now (error paths name `assignees.<i>.…`). */
    const arrange = () => {
      const weighted = method.value === 'weighted';
      previousField.hidden = !weighted;
      rows.forEach((r, i) => {
        r.row.querySelector('legend').textContent = `Assignee ${i + 1}`;
        r.remove.setAttribute('aria-label', `Remove assignee ${i + 1}`);
        for (const part of ['select', 'weight', 'target']) r[part].name = `assignees.${i}.${part === 'select' ? 'owner' : part}`;
        r.weight.closest('.field').hidden = !weighted || fromPrevious.checked;
        r.target.closest('.field').hidden = method.value !== 'manual';
      });
      add.disabled = rows.length >= allowed.size;
    };
    const addRow = (owner) => {
      const r = assigneeRow(owner, choices, (row) => {
        rows = rows.filter((x) => x.row !== row);
        row.remove();
        arrange();
        preview.update();
      });
      rows.push(r);
      list.append(r.row);
    };

    method.addEventListener('change', () => {
      // Manual starts from the targets just shown, so a person adjusts them instead of typing all.
      if (method.value === 'manual') for (const r of rows) if (r.target.value === '') r.target.value = lastTargets.get(r.select.value) ?? '';
      arrange();
    });
    fromPrevious.addEventListener('change', arrange);
    add.addEventListener('click', () => {
      const used = new Set(rows.map((r) => r.select.value));
      const next = [...allowed].find((key) => !used.has(key));
      if (!next) return;
      addRow(ownerOf(next));
      arrange();
      preview.update();
      rows.at(-1).select.focus();
    });
    form.addEventListener('input', preview.update);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void store(form, submit, () => api('POST', goalPath(goal, 'cascade', false), body()), close);
    });

    const defaults = defaultAssignees(goal, allowed);
    for (const owner of defaults.length > 0 ? defaults : [...allowed].slice(0, 1).map(ownerOf)) addRow(owner);
    arrange();
    form.append(
      h('p', { class: 'muted' }, `${goal.name}: ${money(goal.target, goalCurrency(goal))} over ${periodText(goal.period)}, divided among the assignees below (each gets a child goal).`),
      field('Method', method),
      previousField,
      list,
      h('div', { class: 'row' }, add),
      preview.region,
      h('div', { class: 'row actions' }, submit),
    );
    dialog.append(form);
    dialog.addEventListener('close', preview.stop);
    preview.update();
  });
}

// ---- Generate periods ------------------------------------------------------------------------

/** A granularity that gives a goal's period a few parts: quarters of a year, months of a quarter, weeks of a month. */
function defaultGranularity(period) {
  const days = (Date.parse(period.end) - Date.parse(period.start)) / 86_400_000 + 1;
  if (days > 180) return 'quarter';
  return days > 40 ? 'month' : 'week';
}

/**
 * The "Generate periods" dialog for `goal` (as GET /goals returns it): a granularity, equal parts or
 * one weight per sub-period, the resulting targets and their exact sum from the dry run, and
 * "Generate".
 */
export function openGeneratePeriods(goal) {
  return openDialog('Generate periods', (dialog, close) => {
    const granularity = h('select', { name: 'granularity' }, ['week', 'month', 'quarter'].map((g) => h('option', { value: g }, g[0].toUpperCase() + g.slice(1))));
    granularity.value = defaultGranularity(goal.period);
    const method = h('select', { name: 'method' }, h('option', { value: 'equal' }, 'Equal'), h('option', { value: 'custom' }, 'Custom'));
    const weightList = h('div', { class: 'weights' });
    const weights = h('fieldset', { class: 'weights-set', hidden: true }, h('legend', {}, 'Weights (they need not add up to 100)'), weightList);
    const submit = h('button', { type: 'submit' }, 'Generate');
    const form = h('form', { class: 'distribution', novalidate: true });
    let weightsFor = null; // the granularity the weight fields were made for

    const dryRun = (request) => api('POST', goalPath(goal, 'periods', true), request);
    const weightInputs = () => [...weightList.querySelectorAll('input')];
    const body = () =>
      method.value === 'custom'
        ? { granularity: granularity.value, method: 'custom', weights: weightInputs().map((input) => input.value.trim()) }
        : { granularity: granularity.value, method: 'equal' };
    /** One weight field per sub-period, labelled by it (the sub-periods come from the equal dry run). */
    const makeWeights = (of, periods) => {
      weightsFor = of;
      weightList.replaceChildren(...periods.map((period, i) => field(`Weight ${periodText(period)}`, h('input', { name: `weights.${i}`, inputmode: 'decimal', autocomplete: 'off', value: '1' }))));
    };
    const preview = livePreview(
      form,
      async () => {
        const of = granularity.value;
        if (weightsFor !== of) {
          const equal = await dryRun({ granularity: of, method: 'equal' });
          if (granularity.value === of) makeWeights(of, equal.items.map((child) => child.period));
          if (method.value === 'equal') return equal;
        }
        const request = body();
        if (request.weights?.some((w) => w === '')) return 'Give every period a weight to see the targets.';
        return dryRun(request);
      },
      (answer) => resultTable(goal, answer, (child) => periodText(child.period)),
    );

    method.addEventListener('change', () => (weights.hidden = method.value !== 'custom'));
    form.addEventListener('input', preview.update);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void store(form, submit, () => api('POST', goalPath(goal, 'periods', false), body()), close);
    });
    form.append(
      h('p', { class: 'muted' }, `${goal.name}: ${money(goal.target, goalCurrency(goal))} over ${periodText(goal.period)}, divided into one child goal per period for ${ownerName(goal.owner)}.`),
      h('div', { class: 'row' }, field('Granularity', granularity), field('Method', method)),
      weights,
      preview.region,
      h('div', { class: 'row actions' }, submit),
    );
    dialog.append(form);
    dialog.addEventListener('close', preview.stop);
    preview.update();
  });
}
