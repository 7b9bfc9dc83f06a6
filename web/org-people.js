// "New user" and "Edit user" (Organization region): a user's name, email, role, rights and team
// memberships with their from/to dates. PUT /users/{id} replaces the whole user, so every field is
// sent, the zones the form does not show included.
import { api } from './api.js';
import { field, h, openDialog, rowEditor } from './dom.js';
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

/** One membership's row: "Team", "From" and "To". */
function membershipRow(membership) {
  // A unit deleted since stays shown; saving then names it next to this field.
  const gone = membership && !state.units.has(membership.unitId) ? h('option', { value: membership.unitId, selected: true }, `${membership.unitId} (deleted)`) : null;
  const unit = h('select', {}, h('option', { value: '' }, 'Choose a unit'), unitOptions(membership?.unitId ?? ''), gone);
  const from = h('input', { type: 'date', value: membership?.from ?? '' });
  const to = h('input', { type: 'date', value: membership?.to ?? '' });
  return {
    element: h('div', { class: 'membership-row' }, field('Team', unit), field('From', from), field('To', to)),
    controls: { unitId: unit, from, to },
    read: () => ({ unitId: unit.value, from: from.value || null, to: to.value || null }),
  };
}

/** The memberships' rows with "Add membership"; `read()` gives the memberships in order. */
const membershipEditor = (memberships) =>
  rowEditor({
    name: 'memberships',
    legend: 'Memberships',
    hint: 'Dates are inclusive; leave one empty for no limit.',
    addLabel: 'Add membership',
    items: memberships,
    makeRow: membershipRow,
  });

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
