// "New user" and "Edit user" (Organization region): a user's name, email, role, rights and team
// memberships with their from/to dates. PUT /users/{id} replaces the whole user, so every field is
// sent, the zones the form does not show included.
import { api } from './api.js';
import { field, h, openDialog } from './dom.js';
import { nameAndIdFields, newId, submitDialog, unitOptions } from './org-forms.js';
import { state } from './session.js';

const roles = ['admin', 'manager', 'member', 'integration'];

/** A checkbox with its label after it. */
function checkbox(label, name, checked) {
  const box = h('input', { type: 'checkbox', name, checked });
  const wrapper = field(label, box);
  wrapper.classList.add('check');
  return { box, wrapper };
}

/** One membership's row: "Team", "From", "To" and "Remove". */
function membershipRow(membership, onRemove) {
  // A unit deleted since stays shown; saving then names it next to this field.
  const gone = membership && !state.units.has(membership.unitId) ? h('option', { value: membership.unitId, selected: true }, `${membership.unitId} (deleted)`) : null;
  const unit = h('select', {}, h('option', { value: '' }, 'Choose a unit'), unitOptions(membership?.unitId ?? ''), gone);
  const from = h('input', { type: 'date', value: membership?.from ?? '' });
  const to = h('input', { type: 'date', value: membership?.to ?? '' });
  const row = h('div', { class: 'membership-row' }, field('Team', unit), field('From', from), field('To', to));
  row.append(h('button', { type: 'button', class: 'secondary', onclick: () => onRemove(row) }, 'Remove'));
  row.read = () => ({ unitId: unit.value, from: from.value || null, to: to.value || null });
  // The API names a membership's problems by its place in the list: memberships.1.to.
  row.number = (i) => {
    unit.name = `memberships.${i}.unitId`;
    from.name = `memberships.${i}.from`;
    to.name = `memberships.${i}.to`;
  };
  return row;
}

/** The memberships' rows with "Add membership"; `read()` gives the memberships in order. */
function membershipEditor(memberships) {
  const list = h('div', { class: 'membership-rows' });
  const renumber = () => [...list.children].forEach((row, i) => row.number(i));
  const remove = (row) => {
    row.remove();
    renumber();
  };
  const add = (membership) => {
    list.append(membershipRow(membership, remove));
    renumber();
  };
  memberships.forEach(add);
  const fieldset = h(
    'fieldset',
    { class: 'memberships', name: 'memberships' },
    h('legend', {}, 'Memberships'),
    h('small', { class: 'muted' }, 'Dates are inclusive; leave one empty for no limit.'),
    list,
    h('button', { type: 'button', class: 'secondary', onclick: () => add(null) }, 'Add membership'),
  );
  return { fieldset, read: () => [...list.children].map((row) => row.read()) };
}

/** "New user" (`user` null) or "Edit user". */
export function userDialog(user) {
  openDialog(user ? 'Edit user' : 'New user', (dialog, close) => {
    const { name, id, fields } = nameAndIdFields(user);
    const email = h('input', { name: 'email', type: 'email', value: user?.email ?? '', autocomplete: 'off' });
    const role = h('select', { name: 'role' }, roles.map((r) => h('option', { value: r, selected: r === (user?.role ?? 'member') }, r)));
    const active = checkbox('Active', 'active', user?.active ?? true);
    const canLock = checkbox('Can lock targets', 'canLockTargets', user?.canLockTargets ?? false);
    const memberships = membershipEditor(user?.memberships ?? []);
    const form = h(
      'form',
      { novalidate: true },
      fields,
      field('Email', email),
      field('Role', role),
      h('div', { class: 'row' }, active.wrapper, canLock.wrapper),
      memberships.fieldset,
      h('div', { class: 'row' }, h('button', { type: 'submit' }, user ? 'Save user' : 'Create user')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const userId = user?.id ?? newId(form, id.value, name.value, state.users, 'user');
      if (!userId) return;
      const body = {
        name: name.value,
        email: email.value.trim() || null,
        role: role.value,
        active: active.box.checked,
        zones: user?.zones ?? [],
        memberships: memberships.read(),
        canLockTargets: canLock.box.checked,
      };
      // Version 0 for a new user: a user someone else just made under this id is not overwritten.
      const write = () => api('PUT', `/users/${encodeURIComponent(userId)}`, body, { version: user?.version ?? 0 });
      void submitDialog(form, close, write, () => state.users.has(userId) && userDialog(state.users.get(userId)));
    });
    dialog.append(form);
    name.focus();
  });
}
