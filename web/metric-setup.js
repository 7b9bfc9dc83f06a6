// The "Metrics" region: the tenant's metrics; admins add them from a template or custom (UI.md).
import { h } from './dom.js';
import { state } from './session.js';

const describe = (m) => [m.kind, m.dataType === 'money' ? `money (${m.currency})` : m.dataType, `${m.recordType} records`, m.dateField ? `dated by ${m.dateField}` : 'snapshot'].join(' · ');

/** Renders the region into `section`. */
export async function mountMetrics(section) {
  const list = h('ul', { class: 'plain-list' }, state.metrics.map((m) => h('li', { 'data-metric-id': m.id }, h('b', {}, m.name), ' ', h('span', { class: 'muted' }, describe(m)))));
  if (state.metrics.length === 0) list.append(h('li', { class: 'muted' }, 'No metrics yet.'));
  section.querySelector('.region-body').replaceChildren(list);
  section.hidden = false;
}
