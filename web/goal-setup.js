// Setting goals up on the page: "New goal", and each goal's "Edit", "Delete", "Lock" / "Unlock",
// "Cascade" and "Generate periods" (UI.md), shown only to those who may use them. Every change is
// sent with the goal's version (If-Match), so a stale edit comes back as 412 and is offered a
// reload; every refusal is put into words beside the field that caused it (dom.js showError). The
// form's `name`s are the API's body paths, so an error's detail path finds its field.
import { api } from './api.js';
import { openCascade, openGeneratePeriods } from './distribution.js';
import { clearErrors, field, h, onSubmit, openDialog, showError } from './dom.js';
import { compareDecimals, count, money, sumDecimals } from './format.js';
import { mayLock, mayManageOwner, maySetGoals, ownerName, reloadAll, reloadThenClose, state, today } from './session.js';

const ownerTypes = ['user', 'team', 'department', 'organization'];
const periodChoices = [
  ['week', 'Week'],
  ['month', 'Month'],
  ['quarter', 'Quarter'],
  ['year', 'Year'],
  ['fiscal-quarter', 'Fiscal quarter'],
  ['fiscal-year', 'Fiscal year'],
  ['custom', 'Custom (start and end)'],
];
const rollupModes = [
  ['owner', "The owner's own records"],
  ['children', 'The sum of its child goals'],
  ['owner_and_children', "The owner's records and its child goals (users)"],
];
/** The controls a locked goal keeps as they are (API.md: changing them answers 423). */
const lockedNames = ['metricId', 'period', 'period.anchor', 'period.start', 'period.end', 'target', 'stretchTarget'];

const goalPath = (goal) => `/goals/${encodeURIComponent(goal.id)}`;
const option = (value, label) => h('option', { value }, label);
const currencyOfMetric = (metricId) => {
  const metric = state.metrics.find((m) => m.id === metricId);
  return metric?.dataType === 'money' ? metric.currency : undefined;
};

/** The owners of a kind the signed-in user may set goals for, by name. */
function ownersOf(type) {
  const candidates = type === 'user' ? [...state.users.values()] : [...state.units.values()].filter((unit) => unit.kind === type);
  return candidates.filter((o) => mayManageOwner({ type, id: o.id })).sort((a, b) => a.name.localeCompare(b.name));
}

/** The goal and every goal below it: none of them may become its parent. */
function withDescendants(goalId) {
  const ids = new Set([goalId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const g of state.goals) {
      if (g.parentId && ids.has(g.parentId) && !ids.has(g.id)) {
        ids.add(g.id);
        grew = true;
      }
    }
  }
  return ids;
}

/** The children's targets summed exactly (from the goals as read; else the progress's sum), or null without children. */
function childrenTargetSum(goal) {
  const children = state.goals.filter((g) => g.parentId === goal.id);
  if (children.length > 0) return sumDecimals(children.map((c) => c.target));
  return state.progress?.get(goal.id)?.childrenTargetSum ?? null;
}

/** Whether two values are stored alike ("1000" and "1000.00"; both absent). */
const sameDecimal = (a, b) => (a ?? null) === (b ?? null) || (a != null && b != null && compareDecimals(a, b) === 0);

/** What the form changes of `goal`: a PATCH sends only that (a locked goal's target is never resent). */
function changes(goal, body) {
  const patch = {};
  if (body.name !== goal.name) patch.name = body.name;
  if (body.metricId !== goal.metricId) patch.metricId = body.metricId;
  if (body.owner.type !== goal.owner.type || body.owner.id !== goal.owner.id) patch.owner = body.owner;
  if ('granularity' in body.period || body.period.start !== goal.period.start || body.period.end !== goal.period.end) patch.period = body.period;
  if (!sameDecimal(body.target, goal.target)) patch.target = body.target;
  if (!sameDecimal(body.stretchTarget, goal.stretchTarget)) patch.stretchTarget = body.stretchTarget;
  if (body.parentId !== goal.parentId) patch.parentId = body.parentId;
  if (body.rollupMode !== goal.rollupMode) patch.rollupMode = body.rollupMode;
  if (!sameDecimal(body.bonus?.amount, goal.bonus?.amount) || body.bonus?.currency !== goal.bonus?.currency) patch.bonus = body.bonus;
  return patch;
}

/**
 * The goal form: `fill(goal)` shows a goal (or a new goal's defaults), `read()` the request body
 * the fields make. Beside the target, the children's target sum, marked when it does not match.
 */
function goalForm(submitLabel) {
  let shown = null;
  const name = h('input', { name: 'name', autocomplete: 'off', maxlength: 200, autofocus: true });
  const metric = h('select', { name: 'metricId' }, state.metrics.map((m) => option(m.id, m.dataType === 'money' ? `${m.name} (${m.currency})` : m.name)));
  const ownerType = h('select', { name: 'owner.type' });
  const owner = h('select', { name: 'owner.id' });
  const period = h('select', { name: 'period' }, periodChoices.map(([value, label]) => option(value, label)));
  const anchor = h('input', { type: 'date', name: 'period.anchor' });
  const start = h('input', { type: 'date', name: 'period.start' });
  const end = h('input', { type: 'date', name: 'period.end' });
  const target = h('input', { name: 'target', inputmode: 'decimal', autocomplete: 'off' });
  const childrenSum = h('span', { class: 'children-sum' });
  const stretch = h('input', { name: 'stretchTarget', inputmode: 'decimal', autocomplete: 'off' });
  const parent = h('select', { name: 'parentId' });
  const rollupMode = h('select', { name: 'rollupMode' }, rollupModes.map(([value, label]) => option(value, label)));
  const bonus = h('input', { name: 'bonus.amount', inputmode: 'decimal', autocomplete: 'off' });
  const bonusNote = h('span', {});
  const lockNote = h('p', { class: 'lock-note', role: 'note', hidden: true }, 'This goal is locked: its metric, period, target and stretch target cannot change. Unlock it to change them.');
  const note = h('p', { class: 'form-note', role: 'status' });
  const anchorField = field('Anchor date', anchor, 'the period that contains this date');
  const startField = field('Start', start);
  const endField = field('End', end);
  const form = h(
    'form',
    { class: 'goal-form', novalidate: true },
    lockNote,
    field('Name', name),
    field('Metric', metric),
    field('Owner type', ownerType),
    field('Owner', owner),
    field('Period', period),
    anchorField,
    startField,
    endField,
    field('Target', target, childrenSum),
    field('Stretch target', stretch, 'optional'),
    field('Parent goal', parent, 'optional: a goal of the same metric whose period holds this one'),
    field('Rollup mode', rollupMode),
    field('Bonus', bonus, bonusNote),
    h('div', { class: 'row form-actions' }, h('button', { type: 'submit' }, submitLabel)),
    note,
  );

  const bonusCurrency = () => shown?.bonus?.currency ?? currencyOfMetric(metric.value) ?? state.settings?.defaultCurrency ?? 'EUR';
  const showPeriod = () => {
    const custom = period.value === 'custom';
    anchorField.hidden = custom;
    startField.hidden = endField.hidden = !custom;
  };
  const fillOwners = (selected) => {
    const owners = ownersOf(ownerType.value).map((o) => option(o.id, o.name));
    // A goal's owner stays choosable even when no longer among them (a user since moved, say).
    if (selected && !owners.some((o) => o.value === selected.id) && selected.type === ownerType.value) owners.unshift(option(selected.id, ownerName(selected)));
    owner.replaceChildren(...owners);
    if (selected) owner.value = selected.id;
  };
  const fillParents = (selected) => {
    const excluded = shown ? withDescendants(shown.id) : new Set();
    const choices = state.goals.filter((g) => g.metricId === metric.value && !excluded.has(g.id));
    parent.replaceChildren(option('', 'None'), ...choices.map((g) => option(g.id, `${g.name} · ${g.period.start} – ${g.period.end}`)));
    parent.value = choices.some((g) => g.id === selected) ? selected : '';
  };
  const showChildrenSum = () => {
    const sum = shown ? childrenTargetSum(shown) : null;
    const order = sum === null ? null : compareDecimals(sum, target.value);
    const mismatch = order !== null && order !== 0;
    childrenSum.textContent = sum === null ? '' : `children sum to ${money(sum, currencyOfMetric(metric.value))}${mismatch ? ' — does not match' : ''}`;
    childrenSum.classList.toggle('mismatch', mismatch);
    target.closest('.field').classList.toggle('target-mismatch', mismatch);
  };
  const showBonusCurrency = () => {
    bonusNote.textContent = `optional, in ${bonusCurrency()}`;
  };

  ownerType.addEventListener('change', () => fillOwners(null));
  period.addEventListener('change', showPeriod);
  metric.addEventListener('change', () => {
    fillParents(parent.value);
    showChildrenSum();
    showBonusCurrency();
  });
  target.addEventListener('input', showChildrenSum);

  /** Shows `goal` (null: a new goal's defaults). A locked goal's metric, period and targets are read-only. */
  function fill(goal) {
    shown = goal;
    const types = ownerTypes.filter((t) => ownersOf(t).length > 0 || t === goal?.owner.type);
    ownerType.replaceChildren(...(types.length ? types : ownerTypes).map((t) => option(t, t)));
    name.value = goal?.name ?? '';
    if (goal) metric.value = goal.metricId;
    ownerType.value = goal?.owner.type ?? ownerType.options[0]?.value ?? 'user';
    fillOwners(goal?.owner ?? null);
    period.value = goal ? 'custom' : 'quarter';
    anchor.value = today();
    start.value = goal?.period.start ?? '';
    end.value = goal?.period.end ?? '';
    target.value = goal?.target ?? '';
    stretch.value = goal?.stretchTarget ?? '';
    fillParents(goal?.parentId ?? '');
    rollupMode.value = goal?.rollupMode ?? 'owner';
    bonus.value = goal?.bonus?.amount ?? '';
    lockNote.hidden = !goal?.locked;
    for (const control of form.elements) if (lockedNames.includes(control.name)) control.disabled = goal?.locked === true;
    showPeriod();
    showChildrenSum();
    showBonusCurrency();
  }

  /** The request body the fields make (a create's; an edit sends what it changes of it). */
  function read() {
    const decimal = (input) => input.value.trim();
    return {
      name: name.value.trim(),
      metricId: metric.value,
      owner: { type: ownerType.value, id: owner.value },
      period: period.value === 'custom' ? { start: start.value, end: end.value } : { granularity: period.value, anchor: anchor.value },
      target: decimal(target),
      stretchTarget: decimal(stretch) || null,
      parentId: parent.value || null,
      rollupMode: rollupMode.value,
      bonus: decimal(bonus) ? { amount: decimal(bonus), currency: bonusCurrency() } : null,
    };
  }

  return { form, note, fill, read };
}

/** A stale edit's "Reload": reads the goal again and hands it to `show`, or says in `form` why it could not. */
const reloadGoal = (form, id, show) => async () => {
  let goal;
  try {
    goal = await api('GET', goalPath({ id }));
  } catch (error) {
    showError(form, error);
    return;
  }
  clearErrors(form);
  show(goal);
};

/**
 * "New goal" (goal null) or "Edit" of `goal`. The edit is based on the goal's version: a change
 * someone else saved meanwhile answers 412, and "Reload" shows their goal to edit again.
 */
function openGoalDialog(goal) {
  let current = goal;
  openDialog(goal ? 'Edit goal' : 'New goal', (dialog, close) => {
    const { form, note, fill, read } = goalForm(goal ? 'Save' : 'Create goal');
    const send = async () => {
      note.textContent = '';
      if (!current) return api('POST', '/goals', read());
      const patch = changes(current, read());
      if (Object.keys(patch).length > 0) await api('PATCH', goalPath(current), patch, { version: current.version });
    };
    const reload = reloadGoal(form, goal?.id, (latest) => {
      current = latest;
      fill(latest);
      note.textContent = 'Reloaded: these are the latest values. Make your change again.';
    });
    onSubmit(form, send, { reload, done: () => reloadThenClose(close) });
    dialog.append(form);
    fill(goal);
  });
}

/** "Delete": asks first; a locked goal is explained instead (the API would answer 423). */
function confirmDelete(goal) {
  let current = goal;
  openDialog('Delete goal', (dialog, close) => {
    const question = h('p', {});
    const remove = h('button', { type: 'submit', class: 'danger' }, 'Delete');
    const form = h('form', { class: 'confirm-form', novalidate: true }, question, h('div', { class: 'row form-actions' }, remove, h('button', { type: 'button', class: 'secondary', onclick: close }, 'Cancel')));
    const describe = (latest) => {
      current = latest;
      const children = state.goals.filter((g) => g.parentId === current.id).length;
      question.textContent = current.locked
        ? `“${current.name}” is locked: unlock it before deleting it.`
        : `Delete “${current.name}”?${children ? ` Its ${count(children, 'child goal')} will stay, without a parent.` : ''}`;
      remove.hidden = current.locked;
    };
    const send = () => api('DELETE', goalPath(current), undefined, { version: current.version });
    onSubmit(form, send, { reload: reloadGoal(form, goal.id, describe), done: () => reloadThenClose(close) });
    describe(goal);
    dialog.append(form);
  });
}

/** "Lock" / "Unlock" at the goal's version; a refusal is shown beside the goal's buttons. */
async function setLocked(goal, locked, actions, button) {
  button.disabled = true;
  try {
    await api('POST', `${goalPath(goal)}/${locked ? 'lock' : 'unlock'}`, undefined, { version: goal.version });
  } catch (error) {
    button.disabled = false;
    showError(actions, error, { reload: () => void reloadAll() });
    return;
  }
  await reloadAll();
}

/** The controls above the goal tree ("New goal"), or nothing for those who may not set goals. */
export function goalToolbar() {
  if (!maySetGoals()) return [];
  const noMetrics = state.metrics.length === 0;
  return [
    h('button', { type: 'button', disabled: noMetrics, onclick: () => openGoalDialog(null) }, 'New goal'),
    noMetrics ? h('span', { class: 'muted' }, 'Add a metric first: a goal measures one.') : null,
  ];
}

/** The setting-up actions on one goal, for those who may set its owner's goals; else nothing. */
export function goalActions(goal) {
  if (!mayManageOwner(goal.owner)) return null;
  const actions = h('div', { class: 'goal-actions', role: 'group', 'aria-label': `Set up ${goal.name}` });
  const button = (label, onclick) => h('button', { type: 'button', class: 'secondary', onclick }, label);
  actions.append(button('Edit', () => openGoalDialog(goal)), button('Delete', () => confirmDelete(goal)));
  if (mayLock()) actions.append(button(goal.locked ? 'Unlock' : 'Lock', (event) => void setLocked(goal, !goal.locked, actions, event.currentTarget)));
  actions.append(button('Cascade', () => openCascade(goal)), button('Generate periods', () => openGeneratePeriods(goal)));
  return actions;
}
