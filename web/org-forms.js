// What the Organization region's dialogs share: ids made from names, the unit choices in tree
// order, memberships in words, and sending a dialog's form.
import { clearErrors, field, h, showError } from './dom.js';
import { reloadAll, reloadThenClose, state } from './session.js';

/** Ids the API takes (API.md "Ids"). */
const idPattern = /^[A-Za-z0-9._:-]{1,128}$/;

// Letters NFKD does not split into a base letter and a mark.
const latin = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ł: 'l', đ: 'd', þ: 'th', ı: 'i' };

/** An unused id in the API's alphabet made from a name ("Åse Berg" → "ase-berg", then "ase-berg-2"). */
export function idFromName(name, taken, fallback) {
  const base =
    name
      .toLowerCase()
      .replace(/[øæœßłđþı]/g, (c) => latin[c])
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9._:-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 120) || fallback;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/**
 * The id a "New …" form writes to: the one typed, or one made from the name. A typed id the API
 * would refuse, or one taken already (`existing`: id → item), is marked on the form's Id field and
 * null is returned.
 */
export function newId(form, typed, name, existing, fallback) {
  const id = typed.trim() || idFromName(name.trim(), new Set(existing.keys()), fallback);
  const problem = !idPattern.test(id) ? 'Ids are 1–128 characters of A-Z a-z 0-9 . _ : -' : existing.has(id) ? `Already the id of ${existing.get(id).name}` : null;
  if (!problem) return id;
  showError(form, { status: 400, code: 'validation_failed', message: problem, details: [{ path: 'id', message: problem }] });
  return null;
}

/** The "Name" and "Id" fields of a "New …" (`item` null) or "Edit …" form: an id is made from the name when left empty, and stays once made. */
export function nameAndIdFields(item) {
  const name = h('input', { name: 'name', value: item?.name ?? '', autocomplete: 'off' });
  const id = h('input', { name: 'id', value: item?.id ?? '', readonly: Boolean(item), autocomplete: 'off' });
  return { name, id, fields: [field('Name', name), field('Id', id, item ? 'An id stays as it is.' : 'Optional: made from the name when left empty.')] };
}

/**
 * Sends a dialog's form: `write()` makes the request; on success the dialog closes and the page
 * reads everything again. An error is shown in the form; a stale edit (412) offers "Reload", which
 * reads again and calls `reopen` to show the form with what is stored now.
 */
export async function submitDialog(form, close, write, reopen) {
  const button = form.querySelector('button[type=submit]');
  clearErrors(form);
  button.disabled = true;
  try {
    await write();
  } catch (error) {
    button.disabled = false;
    showError(form, error, {
      // The stale dialog goes first; the one reopened on what is stored now takes its place.
      reload: async () => {
        close();
        await reloadAll();
        reopen?.();
      },
    });
    return;
  }
  await reloadThenClose(close);
}

/** "Sales · from 2026-01-01 until 2026-06-30", "Sales · until 2026-06-30", "Sales". */
export function membershipText(membership) {
  const unit = state.units.get(membership.unitId)?.name ?? membership.unitId;
  const dates = [membership.from ? `from ${membership.from}` : '', membership.to ? `until ${membership.to}` : ''].filter(Boolean).join(' ');
  return dates ? `${unit} · ${dates}` : unit;
}

export const byName = (a, b) => a.name.localeCompare(b.name);

/** Each unit's child units by name (`null`: the units at the top, and those whose parent is gone). */
export function childUnits() {
  const children = new Map();
  for (const unit of [...state.units.values()].sort(byName)) {
    const parent = unit.parentId && state.units.has(unit.parentId) ? unit.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), unit]);
  }
  return children;
}

/** The units in tree order (parents first), each with its depth. */
function unitsInTreeOrder() {
  const children = childUnits();
  const ordered = [];
  const walk = (parentId, depth) => {
    for (const unit of children.get(parentId) ?? []) {
      ordered.push({ unit, depth });
      walk(unit.id, depth + 1);
    }
  };
  walk(null, 0);
  return ordered;
}

/** `<option>`s for the units in tree order, indented by depth, `selected` chosen; units `excluded` are left out. */
export function unitOptions(selected, excluded = new Set()) {
  return unitsInTreeOrder()
    .filter(({ unit }) => !excluded.has(unit.id))
    .map(({ unit, depth }) => h('option', { value: unit.id, selected: unit.id === selected }, `${'\u00a0\u00a0'.repeat(depth)}${unit.name}`));
}

/** The unit and every unit below it. */
export function unitAndBelow(unitId) {
  const below = new Set([unitId]);
  for (const { unit } of unitsInTreeOrder()) if (unit.parentId && below.has(unit.parentId)) below.add(unit.id);
  return below;
}

/** Buttons ("Edit", "Delete") described by the element that names what they act on: a screen reader says "Edit, Sales". */
export function itemActions(describedBy, buttons) {
  return h('span', { class: 'item-actions' }, buttons.map(([label, onclick]) => h('button', { type: 'button', class: 'secondary', 'aria-describedby': describedBy, onclick }, label)));
}
