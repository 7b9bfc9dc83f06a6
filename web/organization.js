// The "Organization" region: the unit tree with each unit's kind, managers and current members, and
// the users with their team memberships in words. Admins add, edit and delete units and add and
// edit users (UI.md; API.md "Organization"); everyone else reads the same without any control.
import { api, ApiError } from './api.js';
import { field, h, openDialog } from './dom.js';
import { byName, childUnits, itemActions, membershipText, nameAndIdFields, newId, submitDialog, unitAndBelow, unitOptions } from './org-forms.js';
import { userDialog } from './org-people.js';
import { isAdmin, onReload, state, today } from './session.js';

const kinds = ['organization', 'department', 'team'];

/** "New unit" and "Edit unit": PUT /units/{id} replaces the whole unit, so every field is sent. */
function unitDialog(unit) {
  openDialog(unit ? 'Edit unit' : 'New unit', (dialog, close) => {
    const { name, id, fields } = nameAndIdFields(unit);
    const kind = h('select', { name: 'kind' }, kinds.map((k) => h('option', { value: k, selected: k === (unit?.kind ?? 'team') }, k)));
    const parent = h('select', { name: 'parentId' }, h('option', { value: '' }, 'None (top of the tree)'), unitOptions(unit?.parentId ?? '', unit ? unitAndBelow(unit.id) : undefined));
    // A manager whose user is gone stays chosen (a save would drop it silently otherwise).
    const gone = (unit?.managerIds ?? []).filter((id) => !state.users.has(id)).map((id) => ({ id, name: id, role: 'no such user' }));
    const users = [...state.users.values(), ...gone].sort(byName);
    const managers = h(
      'select',
      { name: 'managerIds', multiple: true, size: Math.min(6, Math.max(2, users.length)) },
      users.map((u) => h('option', { value: u.id, selected: (unit?.managerIds ?? []).includes(u.id) }, `${u.name} (${u.role})`)),
    );
    const form = h(
      'form',
      { novalidate: true },
      fields,
      field('Kind', kind),
      field('Parent unit', parent, 'An organization has none.'),
      field('Managers', managers, 'They manage this unit and every unit below it (Ctrl or ⌘ to choose several).'),
      h('div', { class: 'row' }, h('button', { type: 'submit' }, unit ? 'Save unit' : 'Create unit')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const unitId = unit?.id ?? newId(form, id.value, name.value, state.units, 'unit');
      if (!unitId) return;
      const body = { name: name.value, kind: kind.value, parentId: parent.value || null, managerIds: [...managers.selectedOptions].map((o) => o.value) };
      // Version 0 for a new unit: a unit someone else just made under this id is not overwritten.
      const write = () => api('PUT', `/units/${encodeURIComponent(unitId)}`, body, { version: unit?.version ?? 0 });
      void submitDialog(form, close, write, () => state.units.has(unitId) && unitDialog(state.units.get(unitId)));
    });
    dialog.append(form);
    name.focus();
  });
}

/** Why the API keeps a unit (409), in words: its child units or its goals. */
function whyKept(unit, error) {
  const children = childUnits().get(unit.id) ?? [];
  if (children.length) return `${unit.name} still has units below it (${children.map((u) => u.name).join(', ')}). Move or delete them first.`;
  if (state.goals.some((g) => g.owner.type === unit.kind && g.owner.id === unit.id)) return `${unit.name} still owns goals. Delete them or give them to another owner first.`;
  return error.message;
}

/** "Delete unit": asks first; the API keeps a unit that has child units or goals (409). */
function deleteDialog(unit) {
  openDialog('Delete unit', (dialog, close) => {
    const form = h(
      'form',
      {},
      h('p', {}, `Delete ${unit.name} (${unit.kind})? Memberships of it stay on its users until you edit them.`),
      h('div', { class: 'row' }, h('button', { type: 'submit', class: 'danger' }, 'Delete')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const write = () =>
        api('DELETE', `/units/${encodeURIComponent(unit.id)}`, undefined, { version: unit.version }).catch((error) => {
          throw error.status === 409 ? new ApiError(409, { error: { code: error.code, message: whyKept(unit, error) } }) : error;
        });
      void submitDialog(form, close, write, () => state.units.has(unit.id) && deleteDialog(state.units.get(unit.id)));
    });
    dialog.append(form);
  });
}

/** Each unit's members today (in the tenant's time zone), with the date they leave if one is set. */
function currentMembers() {
  const date = today();
  const members = new Map();
  for (const user of [...state.users.values()].sort(byName)) {
    for (const m of user.memberships ?? []) {
      if ((m.from && m.from > date) || (m.to && m.to < date)) continue;
      members.set(m.unitId, [...(members.get(m.unitId) ?? []), m.to ? `${user.name} (until ${m.to})` : user.name]);
    }
  }
  return members;
}

function unitTree() {
  const children = childUnits();
  const members = currentMembers();
  const admin = isAdmin();
  const item = (unit) => {
    const nameId = `org-unit-${unit.id}`;
    const managers = unit.managerIds.map((id) => state.users.get(id)?.name ?? id);
    const here = members.get(unit.id) ?? [];
    const below = children.get(unit.id) ?? [];
    return h(
      'li',
      { 'data-unit-id': unit.id },
      h(
        'div',
        { class: 'item-head' },
        h('b', { id: nameId }, unit.name),
        h('span', { class: 'kind' }, unit.kind),
        admin ? itemActions(nameId, [['Edit', () => unitDialog(unit)], ['Delete', () => deleteDialog(unit)]]) : null,
      ),
      managers.length ? h('div', { class: 'small muted' }, `Managed by ${managers.join(', ')}`) : null,
      h('div', { class: 'small members' }, here.length ? `Members: ${here.join(', ')}` : h('span', { class: 'muted' }, 'No members today')),
      below.length ? h('ul', {}, below.map(item)) : null,
    );
  };
  const roots = children.get(null) ?? [];
  return h('ul', { class: 'tree units' }, roots.length ? roots.map(item) : h('li', { class: 'muted' }, 'No units yet.'));
}

function userList() {
  const admin = isAdmin();
  const users = [...state.users.values()].sort(byName);
  const item = (user) => {
    const nameId = `org-user-${user.id}`;
    const facts = [user.role, user.email, user.active ? null : 'inactive', user.canLockTargets ? 'can lock targets' : null].filter(Boolean).join(' · ');
    const memberships = user.memberships ?? [];
    return h(
      'li',
      { 'data-user-id': user.id },
      h('div', { class: 'item-head' }, h('b', { id: nameId }, user.name), h('span', { class: 'small muted' }, facts), admin ? itemActions(nameId, [['Edit', () => userDialog(user)]]) : null),
      h('div', { class: 'small' }, memberships.length ? memberships.map((m) => h('span', { class: 'membership' }, membershipText(m))) : h('span', { class: 'muted' }, 'No team')),
    );
  };
  return h('ul', { class: 'plain-list users' }, users.length ? users.map(item) : h('li', { class: 'muted' }, 'No users yet.'));
}

let rendersOnReload = false;

/** Renders the region into `section`, and again after every write on the page. */
export async function mountOrganization(section) {
  if (!rendersOnReload) {
    rendersOnReload = true;
    onReload(() => mountOrganization(section));
  }
  const toolbar = isAdmin()
    ? h('div', { class: 'row toolbar' }, h('button', { type: 'button', onclick: () => unitDialog(null) }, 'New unit'), h('button', { type: 'button', onclick: () => userDialog(null) }, 'New user'))
    : null;
  section.querySelector('.region-body').replaceChildren(...[toolbar, unitTree(), h('h3', {}, 'Users'), userList()].filter(Boolean));
  section.hidden = false;
}
