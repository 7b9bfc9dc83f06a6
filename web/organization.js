// The "Organization" region: the unit tree with each unit's members; admins add and edit units and
// users, and users' team memberships with their dates (UI.md).
import { h } from './dom.js';
import { state, today } from './session.js';

function unitItem(unit, childrenOf, membersOf) {
  const children = childrenOf.get(unit.id) ?? [];
  const members = membersOf.get(unit.id) ?? [];
  return h(
    'li',
    { 'data-unit-id': unit.id },
    h('b', {}, unit.name), ' ', h('span', { class: 'muted' }, unit.kind),
    members.length ? h('div', { class: 'members muted' }, members.map((u) => u.name).join(', ')) : null,
    children.length ? h('ul', {}, children.map((c) => unitItem(c, childrenOf, membersOf))) : null,
  );
}

/** Renders the region into `section`. */
export async function mountOrganization(section) {
  const units = [...state.units.values()];
  const childrenOf = new Map();
  for (const unit of units) if (unit.parentId && state.units.has(unit.parentId)) childrenOf.set(unit.parentId, [...(childrenOf.get(unit.parentId) ?? []), unit]);
  const date = today();
  const membersOf = new Map();
  for (const user of state.users.values())
    for (const m of user.memberships ?? []) if ((!m.from || m.from <= date) && (!m.to || m.to >= date)) membersOf.set(m.unitId, [...(membersOf.get(m.unitId) ?? []), user]);
  const roots = units.filter((u) => !u.parentId || !state.units.has(u.parentId));
  const tree = h('ul', { class: 'tree units' }, roots.map((u) => unitItem(u, childrenOf, membersOf)));
  if (roots.length === 0) tree.append(h('li', { class: 'muted' }, 'No units yet.'));
  section.querySelector('.region-body').replaceChildren(tree);
  section.hidden = false;
}
