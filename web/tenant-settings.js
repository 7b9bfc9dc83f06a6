// The "Settings" region: the tenant's settings, with the rollup schedule's next runs as the API
// computes them (nextRuns, from the code that schedules). Admins change them in a form ("Save
// settings"); everyone else reads them in words. Below them, the exchange rates (currency-rates.js).
import { api } from './api.js';
import { exchangeRatesPart } from './currency-rates.js';
import { clearErrors, field, h, showError } from './dom.js';
import { isAdmin, onReload, reloadAll, state } from './session.js';

const months = Array.from({ length: 12 }, (_, i) => new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, i, 1)));
// ISO weekdays 1 (Monday) … 7 (Sunday); 5 January 2026 is a Monday.
const weekdays = Array.from({ length: 7 }, (_, i) => new Intl.DateTimeFormat('en', { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, 0, 5 + i)));

/** "Tue 1 Dec 02:00": an instant in the tenant's time zone. */
function runTime(instant, timeZone) {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const part = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return `${part.weekday} ${part.day} ${part.month} ${part.hour}:${part.minute}`;
}

/** "Next runs: Tue 1 Dec 02:00, Wed 2 Dec 02:00, …", each a <time> holding the API's instant. */
function nextRuns(settings) {
  const runs = settings.nextRuns ?? [];
  if (runs.length === 0) return h('p', { class: 'next-runs muted' }, 'The schedule does not run.');
  const times = runs.flatMap((at, i) => [i ? ', ' : '', h('time', { datetime: at }, runTime(at, settings.timezone))]);
  return h('p', { class: 'next-runs' }, 'Next runs: ', times, ` (${settings.timezone})`);
}

const options = (values, selected) => values.map(([value, label]) => h('option', { value, selected: String(value) === String(selected) }, label));

/** Every IANA zone the browser knows (UTC first, which Intl does not list), the stored one included. */
function zones(current) {
  const known = ['UTC', ...Intl.supportedValuesOf('timeZone')];
  return known.includes(current) ? known : [current, ...known];
}

/** ISO 4217 codes the browser knows, named ("NOK — Norwegian Krone"), the stored one included. */
function currencies(current) {
  const names = new Intl.DisplayNames('en', { type: 'currency' });
  const codes = Intl.supportedValuesOf('currency');
  return (codes.includes(current) ? codes : [current, ...codes]).map((code) => [code, `${code} — ${names.of(code)}`]);
}

/** What a member reads: the settings in words. */
function readOnly(settings) {
  const rows = [
    ['Time zone', settings.timezone],
    ['Fiscal year start', months[settings.fiscalYearStartMonth - 1]],
    ['Week starts on', weekdays[settings.weekStartsOn - 1]],
    ['Default currency', settings.defaultCurrency],
    ['Pace tolerance', `± ${settings.paceTolerancePercent} % around the expected value`],
    ['Rollup schedule', `${settings.rollupSchedule} (cron, ${settings.timezone})`],
    ['Days to keep rolling up', `${settings.stopRollupDaysAfterEnd} days after a goal ends`],
  ];
  return [h('dl', { class: 'settings-list' }, rows.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)])), nextRuns(settings)];
}

const scheduleHelp =
  'Cron in the tenant’s time zone: minute hour day-of-month month day-of-week. "0 2 * * *" runs every night at 02:00, "30 6 * * 1-5" on weekdays at 06:30. A time skipped when clocks spring forward does not run.';

/** The admin's form: PUT /settings with the version read (a stale one: 412, "Reload"). */
function settingsForm(settings, saved) {
  const select = (name, values) => h('select', { name }, options(values, settings[name]));
  const number = (name, attrs) => h('input', { name, type: 'number', value: settings[name], ...attrs });
  const controls = {
    timezone: select('timezone', zones(settings.timezone).map((z) => [z, z])),
    fiscalYearStartMonth: select('fiscalYearStartMonth', months.map((m, i) => [i + 1, m])),
    weekStartsOn: select('weekStartsOn', weekdays.map((d, i) => [i + 1, d])),
    defaultCurrency: select('defaultCurrency', currencies(settings.defaultCurrency)),
    paceTolerancePercent: number('paceTolerancePercent', { min: 0, max: 100, step: 'any' }),
    rollupSchedule: h('input', { name: 'rollupSchedule', value: settings.rollupSchedule, autocomplete: 'off', spellcheck: 'false' }),
    stopRollupDaysAfterEnd: number('stopRollupDaysAfterEnd', { min: 0, max: 3650, step: 1 }),
  };
  const status = h('p', { class: 'muted', role: 'status' }, saved ? 'Settings saved.' : '');
  const form = h(
    'form',
    { class: 'settings-form', novalidate: true },
    h(
      'div',
      { class: 'settings-grid' },
      field('Time zone', controls.timezone),
      field('Fiscal year start', controls.fiscalYearStartMonth),
      field('Week starts on', controls.weekStartsOn),
      field('Default currency', controls.defaultCurrency, 'For money records that carry no currency.'),
      field('Pace tolerance', controls.paceTolerancePercent, 'Percent around the expected value that still counts as on track.'),
      field('Days to keep rolling up', controls.stopRollupDaysAfterEnd, 'After a goal’s period ends.'),
    ),
    field('Rollup schedule', controls.rollupSchedule, scheduleHelp),
    nextRuns(settings),
    h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Save settings'), status),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    status.textContent = '';
    const value = (name) => controls[name].value;
    // An empty number field is sent as null, so the API says what is missing next to it.
    const numeric = (name) => (value(name) === '' ? null : Number(value(name)));
    const body = {
      timezone: value('timezone'),
      fiscalYearStartMonth: Number(value('fiscalYearStartMonth')),
      weekStartsOn: Number(value('weekStartsOn')),
      defaultCurrency: value('defaultCurrency'),
      paceTolerancePercent: numeric('paceTolerancePercent'),
      rollupSchedule: value('rollupSchedule'),
      stopRollupDaysAfterEnd: numeric('stopRollupDaysAfterEnd'),
    };
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await api('PUT', '/settings', body, { version: settings.version });
    } catch (error) {
      button.disabled = false;
      showError(form, error, { reload: () => reloadAll() });
      return;
    }
    savedVersion = settings.version + 1;
    await reloadAll();
  });
  return form;
}

/** What the region shows now: it is drawn again only when that changed, so an admin's unsaved edits survive other writes. */
let shown = '';
/** The version the admin's last save stored: "Settings saved." shows while it is the one read. */
let savedVersion = null;
let rendersOnReload = false;

/** Renders the region into `section`, and again after a write on the page changed what it shows. */
export async function mountSettings(section) {
  if (!rendersOnReload) {
    rendersOnReload = true;
    onReload(() => mountSettings(section));
  }
  const settings = state.settings;
  if (!settings) {
    section.hidden = true;
    return;
  }
  const key = JSON.stringify([isAdmin(), settings, state.exchangeRates]);
  if (key === shown && !section.hidden) return;
  shown = key;
  section.querySelector('.region-body').replaceChildren(...(isAdmin() ? [settingsForm(settings, savedVersion === settings.version)] : readOnly(settings)), exchangeRatesPart());
  section.hidden = false;
}
