// The "Settings" region: the tenant's settings for everyone to read; admins change them (UI.md).
import { h } from './dom.js';
import { state } from './session.js';

const labels = [
  ['timezone', 'Time zone'],
  ['fiscalYearStartMonth', 'Fiscal year start month'],
  ['weekStartsOn', 'Week starts on (1 = Monday)'],
  ['defaultCurrency', 'Default currency'],
  ['paceTolerancePercent', 'Pace tolerance (%)'],
  ['rollupSchedule', 'Rollup schedule (cron, tenant time)'],
  ['stopRollupDaysAfterEnd', 'Days to keep rolling up after a goal ends'],
];

/** Renders the region into `section`. */
export async function mountSettings(section) {
  const settings = state.settings;
  if (!settings) {
    section.hidden = true;
    return;
  }
  section.querySelector('.region-body').replaceChildren(h('dl', { class: 'settings-list' }, labels.flatMap(([key, label]) => [h('dt', {}, label), h('dd', { 'data-key': key }, String(settings[key] ?? '—'))])));
  section.hidden = false;
}
