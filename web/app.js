// The Attain page: plain JavaScript modules over the public HTTP API of the same origin.
// Values are exact decimal strings; they are shown in their currency, rounded on their digits
// (web/format.js), and turned into numbers only to size bars. The setting-up regions live in their
// own modules (goal-setup.js, metric-setup.js, organization.js, tenant-settings.js) on the same
// api.js, dom.js and session.js. No page file's name may begin like an API route's first segment
// (settings.js would match CloudFront's /settings* and go to the API).
import { api, listAll, useToken } from './api.js';
import { h, s, inWords } from './dom.js';
import { count, money, percentText, tokenFrom } from './format.js';
import { goalActions, goalToolbar } from './goal-setup.js';
import { mountMetrics } from './metric-setup.js';
import { mountOrganization } from './organization.js';
import { mountSettings } from './tenant-settings.js';
import { skippedSummary } from './skipped-records.js';
import { goalCurrency, onReload, ownerName, state } from './session.js';

const tokenKey = 'attain.token';
const $ = (id) => document.getElementById(id);
state.token = localStorage.getItem(tokenKey) ?? '';
state.trees = [];
state.progress = new Map();

const share = (part, whole) => {
  const w = Number(whole);
  if (!(w > 0) || part === null || part === undefined) return 0;
  return Math.max(0, Math.min(1, Number(part) / w));
};

function decodeClaims(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), '=')));
  } catch {
    return null;
  }
}

/** An instant as a date and time in the tenant's time zone. */
const when = (instant) => (instant ? new Date(instant).toLocaleString(undefined, { timeZone: state.settings?.timezone ?? 'UTC', dateStyle: 'medium', timeStyle: 'short' }) : '—');
/** "updated 2 s ago", "updated 5 min ago", … from an instant (refreshed with the tree). */
function ago(instant) {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(instant)) / 1000));
  if (!Number.isFinite(seconds)) return '';
  if (seconds < 60) return `updated ${seconds} s ago`;
  if (seconds < 3600) return `updated ${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `updated ${Math.floor(seconds / 3600)} h ago`;
  return `updated ${when(instant)}`;
}
const showMessage = (text) => {
  $('message').textContent = text;
  if (text) $('auth').hidden = false;
};

// ---- goal tree -------------------------------------------------------------------------------

function progressBar(node) {
  const actual = share(node.actual, node.target);
  const inProgress = Math.min(share(node.inProgress, node.target), 1 - actual);
  const expected = node.pace?.expected ?? null;
  return h(
    'div',
    { class: 'bar', role: 'img', 'aria-label': `${percentText(node.percent)} of target` },
    h('div', { class: 'actual', style: `width:${(actual * 100).toFixed(2)}%` }),
    h('div', { class: 'in-progress', style: `left:${(actual * 100).toFixed(2)}%;width:${(inProgress * 100).toFixed(2)}%` }),
    expected !== null ? h('div', { class: 'tick', title: `expected by now: ${money(expected, node.currency)}`, style: `left:${(share(expected, node.target) * 100).toFixed(2)}%` }) : null,
  );
}

/**
 * One goal of the tree: its name, percent and bar, its facts, its setting-up actions (for those who
 * may use them) and its children. `goal` is the goal as GET /goals lists it; `node` its progress
 * from the tree read (absent while the read marks it `computed: false`: its values are first
 * computed a few seconds after it is made).
 */
function goalItem(goal, childrenOf) {
  const node = state.progress.get(goal.id);
  const milestones = node?.milestones ?? [];
  // "Target reached" once the API calls it achieved: a snapshot (open pipeline) over its target is not, before its period ends.
  const reached = node?.status === 'achieved';
  const fact = (label, cls, value, raw) => h('span', {}, `${label} `, h('b', { class: cls, 'data-value': raw ?? value }, value));
  const children = childrenOf.get(goal.id) ?? [];
  return h(
    'li',
    { class: 'goal', 'data-goal-id': goal.id },
    h(
      'div',
      { class: 'goal-head' },
      h('span', { class: 'goal-name' }, goal.name, goal.locked ? h('span', { class: 'locked-mark', title: 'Target locked' }, ' 🔒') : null, reached ? h('span', { class: 'celebrate-mark', title: 'Target reached' }, '★ target reached') : null),
      node ? h('span', { class: 'percent', 'data-value': node.percent }, percentText(node.percent)) : null,
    ),
    node
      ? [
          progressBar(node),
          h(
            'div',
            { class: 'facts' },
            fact('actual', 'actual', money(node.actual, node.currency), node.actual),
            node.inProgress !== null ? fact('in progress', 'in-progress', money(node.inProgress, node.currency), node.inProgress) : null,
            fact('target', 'target', money(node.target, node.currency), node.target),
            fact('remaining', 'remaining', money(node.remaining, node.currency), node.remaining),
            h('span', {}, h('b', { class: `status status-${node.status}`, 'data-value': node.status }, node.status)),
            node.pace ? h('span', {}, 'pace ', h('b', { class: `pace pace-${node.pace.status}`, 'data-value': node.pace.status }, node.pace.status.replace('_', ' '))) : null,
            milestones.length ? h('span', { class: 'milestones' }, milestones.map((m) => h('span', { class: `milestone${m >= 100 && reached ? ' celebrate' : ''}` }, percentText(m)))) : null,
            node.updatedAt ? h('span', { class: 'updated muted', 'data-value': node.updatedAt, title: when(node.updatedAt) }, ago(node.updatedAt)) : null,
          ),
        ]
      : h('div', { class: 'facts' }, h('span', {}, 'target ', h('b', { class: 'target', 'data-value': goal.target }, money(goal.target, goalCurrency(goal)))), h('span', { class: 'muted' }, 'values not computed yet')),
    goalActions(goal),
    children.length ? h('ul', {}, children.map((child) => goalItem(child, childrenOf))) : null,
  );
}

function flatten(nodes, into = []) {
  for (const node of nodes) {
    into.push(node);
    flatten(node.children ?? [], into);
  }
  return into;
}

/** Reads the goals and their progress; redraws the tree when what it shows changed. */
async function loadGoals() {
  state.goals = await listAll('/goals');
  const ids = new Set(state.goals.map((g) => g.id));
  const roots = state.goals.filter((g) => !g.parentId || !ids.has(g.parentId));
  // A root not computed yet answers 200 marked `computed: false` (values null), not 404.
  const trees = await Promise.all(
    roots.map((g) =>
      api('GET', `/goals/${encodeURIComponent(g.id)}/tree?pending=include`).catch((error) => {
        if (error.status === 404) return null; // deleted since the list was read
        throw error;
      }),
    ),
  );
  const read = trees.filter(Boolean);
  // A goal computed under a parent that is not yet (a cascade's children before their new parent) shows its values.
  state.progress = new Map(flatten(read).filter((node) => node.computed !== false).map((node) => [node.goalId, node]));
  state.trees = read.filter((tree) => tree.computed !== false);
  // What the page shows apart from the read's own instant: unchanged, the page is left as it is.
  const values = JSON.stringify([state.goals, read], (key, value) => (key === 'asOf' || key === 'pace' ? undefined : value));
  const asOf = state.trees[0]?.asOf ?? '';
  $('as-of').dataset.asOf = asOf;
  $('as-of').textContent = asOf ? when(asOf) : 'no results yet';
  for (const el of document.querySelectorAll('#goal-tree .updated')) el.textContent = ago(el.dataset.value);
  if (values === state.shownValues && $('goal-tree').childElementCount > 0) return false;
  state.shownValues = values;
  const childrenOf = new Map();
  for (const goal of state.goals) if (goal.parentId && ids.has(goal.parentId)) childrenOf.set(goal.parentId, [...(childrenOf.get(goal.parentId) ?? []), goal]);
  // Children in calendar order (a year's quarters Q1 to Q4), then by name.
  for (const children of childrenOf.values()) children.sort((a, b) => a.period.start.localeCompare(b.period.start) || a.name.localeCompare(b.name));
  const list = $('goal-tree');
  list.replaceChildren(...roots.map((goal) => goalItem(goal, childrenOf)));
  if (roots.length === 0) list.append(h('li', { class: 'muted' }, 'No goals yet.'));
  $('goal-toolbar').replaceChildren(...[goalToolbar()].flat().filter(Boolean));
  $('goals').hidden = false;
  renderChartChoices();
  return true;
}

// ---- live refresh ----------------------------------------------------------------------------

/** How often the page asks again while it is open and visible (`?refresh=<ms>` changes it). */
const refreshMs = Math.max(250, Number(new URLSearchParams(location.search).get('refresh') ?? 2000) || 2000);
let refreshing = false;

/** Reads the goals and the leaderboard again: a deal the CRM wrote moves the bars without a reload. */
async function refresh() {
  if (refreshing || document.hidden || !state.claims || document.body.dataset.loaded !== 'true') return;
  refreshing = true;
  try {
    if (await loadGoals()) document.body.dataset.refreshed = String(Number(document.body.dataset.refreshed ?? 0) + 1);
    await loadLeaderboard();
  } catch {
    // The next tick tries again; a lasting problem shows on the next load.
  } finally {
    refreshing = false;
  }
}
setInterval(() => void refresh(), refreshMs);

// ---- budget vs actual ------------------------------------------------------------------------

function renderChartChoices() {
  const select = $('chart-goal');
  const withChildren = flatten(state.trees).filter((n) => n.children?.length);
  const previous = select.value;
  select.replaceChildren(...withChildren.map((n) => h('option', { value: n.goalId }, n.name ?? n.goalId)));
  if (withChildren.some((n) => n.goalId === previous)) select.value = previous;
  $('budget').hidden = withChildren.length === 0;
  renderChart();
}

/** The words of `text` in lines of at most `width` characters (a longer word keeps a line of its own). */
function wrapWords(text, width) {
  const lines = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.length ? lines[lines.length - 1] : null;
    if (last !== null && `${last} ${word}`.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

const chartFontPx = 12;
/** About how wide a character of the chart's labels is, to lay them out before they are drawn. */
const charPx = chartFontPx * 0.62;

/** `text` cut to at most `n` characters at a word's end (the whole of it is in the label's tooltip). */
const upTo = (text, n) => (text.length <= n ? text : text.slice(0, n + 1).replace(/\s+\S*$/, '') || text.slice(0, n));

/**
 * The chart of a goal's children, drawn at its own width in CSS pixels (the viewBox is the box), so
 * its labels keep their 12 px on a phone. A label goes on up to two lines under its bars, with the
 * percent above them; when that does not fit the slots (twelve months on a phone), each label and
 * its percent are turned to run down to the right from under its bars, a line apart.
 */
function renderChart() {
  const node = flatten(state.trees).find((n) => n.goalId === $('chart-goal').value);
  const chart = $('chart');
  if (!node) return chart.replaceChildren();
  const parts = [...node.children].sort((a, b) => a.period.start.localeCompare(b.period.start) || (a.name ?? '').localeCompare(b.name ?? ''));
  const samePeriod = parts.every((p) => p.period.start === node.period.start && p.period.end === node.period.end);
  const label = (p) => (samePeriod ? (p.name ?? p.goalId).replace(/^.* — /, '') : p.period.start.slice(0, 7));
  const width = Math.max(240, Math.round(chart.clientWidth || 600));
  const room = (slot) => Math.max(1, Math.floor((slot - 6) / charPx));
  const lines = parts.map((p) => wrapWords(label(p), room(width / parts.length)));
  const turned = room(width / parts.length) < 7 || lines.some((l) => l.length > 2 || l.some((line) => line.length > room(width / parts.length)));
  const texts = parts.map((p) => (turned ? `${upTo(label(p), 20)} ${percentText(p.percent)}` : null));
  const longest = turned ? Math.max(...texts.map((t) => t.length)) * charPx : 0;
  // Turned labels run down to the right, steep enough that neighbours stay a line (15 px) apart;
  // with more bars than that allows, every step-th is labelled. The last one needs room past its slot.
  const lineGap = 15;
  const angleFor = (slot, step) => Math.max(40, (Math.asin(Math.min(1, lineGap / (slot * step))) * 180) / Math.PI);
  let slot = width / parts.length, step = 1, angle = 0;
  for (let pass = 0; pass < 2; pass++) {
    step = turned ? Math.ceil(lineGap / slot) : 1;
    angle = angleFor(slot, step);
    slot = (width - longest * Math.cos((angle * Math.PI) / 180)) / parts.length;
  }
  const bottom = turned ? Math.ceil(longest * Math.sin((angle * Math.PI) / 180)) + 18 : 12 + 16 * Math.max(...lines.map((l) => l.length));
  const top = turned ? 8 : 20, plot = 180, height = top + plot + bottom, barW = Math.min(28, slot / 3);
  const max = Math.max(1, ...parts.flatMap((p) => [Number(p.target), Number(p.actual)]));
  const y = (v) => top + plot * (1 - Number(v) / max);
  const base = top + plot;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Targets and actuals of ${node.name}` });
  svg.append(s('line', { x1: 0, x2: width, y1: base, y2: base, stroke: '#c9ced8' }));
  parts.forEach((p, i) => {
    const x = i * slot + slot / 2;
    const bar = (cls, v, dx) => {
      const r = s('rect', { class: cls, x: x + dx, y: y(v), width: barW, height: Math.max(0, base - y(v)), 'data-goal-id': p.goalId, 'data-value': v });
      r.append(s('title', {}, `${label(p)} ${cls === 't' ? 'target' : 'actual'}: ${money(v, p.currency)}`));
      return r;
    };
    svg.append(bar('t', p.target, -barW - 1), bar('a', p.actual, 1));
    let name;
    if (turned) {
      if (i % step !== 0) return;
      name = s('text', { class: 'label', x: x - 4, y: base + 14, transform: `rotate(${angle.toFixed(1)} ${x - 4} ${base + 14})` }, texts[i]);
    } else {
      svg.append(s('text', { class: 'pct', x, y: Math.min(y(p.target), y(p.actual)) - 5, 'text-anchor': 'middle' }, percentText(p.percent)));
      name = s('text', { class: 'label', x, y: base + 16, 'text-anchor': 'middle' });
      lines[i].forEach((line, n) => name.append(s('tspan', { x, dy: n === 0 ? 0 : 16 }, line)));
    }
    name.append(s('title', {}, `${label(p)}: ${percentText(p.percent)}`));
    svg.append(name);
  });
  chart.dataset.width = String(width);
  chart.replaceChildren(h('p', { class: 'legend' }, h('span', { class: 'swatch', style: 'background:var(--target)' }), 'target', h('span', { class: 'swatch actual' }), 'actual'), svg);
}

// Drawn again when its width changes (a phone turned, a window resized): its text stays 12 px.
new ResizeObserver(() => {
  const chart = $('chart');
  if (chart.clientWidth && String(Math.max(240, Math.round(chart.clientWidth))) !== chart.dataset.width) renderChart();
}).observe($('chart'));

// ---- leaderboard -----------------------------------------------------------------------------

function loadLeaderboardChoices() {
  const metrics = state.metrics;
  const units = [...state.units.values()];
  const metricSelect = $('lb-metric');
  const [previousMetric, previousUnit] = [metricSelect.value, $('lb-unit').value];
  // Money metrics carry their currency: the leaderboard shows its values in it.
  metricSelect.replaceChildren(...metrics.map((m) => h('option', { value: m.id, 'data-currency': m.dataType === 'money' ? m.currency : undefined }, m.name)));
  // The leaderboard ranks people over "this year" first: start with the metric of users' longest goals.
  const longest = state.goals
    .filter((g) => g.owner.type === 'user')
    .sort((a, b) => Date.parse(b.period.end) - Date.parse(b.period.start) - (Date.parse(a.period.end) - Date.parse(a.period.start)))[0];
  if (metrics.some((m) => m.id === previousMetric)) metricSelect.value = previousMetric;
  else if (longest && metrics.some((m) => m.id === longest.metricId)) metricSelect.value = longest.metricId;
  $('lb-unit').replaceChildren(h('option', { value: '' }, 'Everyone'), ...units.map((u) => h('option', { value: u.id }, u.name)));
  if (units.some((u) => u.id === previousUnit)) $('lb-unit').value = previousUnit;
  $('leaderboard').hidden = metrics.length === 0;
}

// Choices change faster than answers come back: only the latest request's answer is shown, and the
// table is aria-busy while any request is out.
let leaderboardRequest = 0;
let leaderboardInFlight = 0;

async function loadLeaderboard() {
  const metricId = $('lb-metric').value;
  if (!metricId) return;
  if (!state.hasRunResults) {
    $('lb-table').tBodies[0].replaceChildren(h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'The leaderboard appears after the first full rollup (Recalculate, or tonight\'s run).')));
    return;
  }
  const currency = $('lb-metric').selectedOptions[0]?.dataset.currency;
  const request = ++leaderboardRequest;
  const table = $('lb-table');
  leaderboardInFlight++;
  table.setAttribute('aria-busy', 'true');
  const params = new URLSearchParams({ metricId, period: $('lb-period').value, limit: $('lb-limit').value });
  if ($('lb-unit').value) params.set('unitId', $('lb-unit').value);
  const body = table.tBodies[0];
  try {
    const { items } = await api('GET', `/leaderboard?${params}`);
    if (request !== leaderboardRequest) return;
    body.replaceChildren(
      ...items.map((item) =>
        h('tr', { 'data-goal-id': item.goalId }, h('td', {}, item.rank), h('td', {}, ownerName(item.owner)), h('td', { class: 'num', 'data-value': item.percent }, percentText(item.percent)), h('td', { class: 'num', 'data-value': item.actual }, money(item.actual, item.currency ?? currency)), h('td', { class: 'num', 'data-value': item.target }, money(item.target, item.currency ?? currency))),
      ),
    );
    if (items.length === 0) body.append(h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'Nobody has a goal for this metric and period.')));
  } catch (error) {
    if (request !== leaderboardRequest) return;
    body.replaceChildren(h('tr', {}, h('td', { colspan: 5, class: 'muted' }, error.status === 404 ? 'No results yet.' : error.message)));
  } finally {
    if (--leaderboardInFlight === 0) table.setAttribute('aria-busy', 'false');
    markScrolling();
  }
}

/** Whether the leaderboard is wider than its region: then it scrolls sideways, and says so. */
function markScrolling() {
  const wrap = $('lb-wrap');
  const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
  wrap.classList.toggle('scrolls', scrolls);
  $('lb-scroll-hint').hidden = !scrolls;
}
const leaderboardSize = new ResizeObserver(markScrolling);
leaderboardSize.observe($('lb-wrap'));
leaderboardSize.observe($('lb-table'));

// ---- rollups ---------------------------------------------------------------------------------

function describeRun(run) {
  if (!run) return 'No rollup has run yet.';
  const counts = run.status === 'queued' ? '' : ` · ${count(run.goalsComputed ?? 0, 'goal')}, ${count(run.recordsRead ?? 0, 'record')}`;
  const failed = run.goalsFailed > 0 ? ` · ${count(run.goalsFailed, 'goal')} failed and kept their previous values` : '';
  const v = run.status === 'succeeded' ? run.verification : null;
  const verified = v ? ` · live values verified for ${count(v.goalsVerified, 'goal')}${v.goalsDrifted ? `, ${v.goalsDrifted} differed and were repaired` : ''}${v.goalsUnverified ? `, ${v.goalsUnverified} changed while it ran` : ''}` : '';
  return `${run.status} (${run.trigger}) · started ${when(run.startedAt)}${run.finishedAt ? ` · finished ${when(run.finishedAt)}` : ''}${counts}${verified}${failed}${run.error ? ` · ${run.error}` : ''}`;
}

async function loadLastRun() {
  const { items } = await api('GET', '/rollups?limit=10');
  // The leaderboard ranks a full run's results: until one has succeeded it is not asked (it would be 404).
  state.hasRunResults ||= items.some((run) => run.status === 'succeeded');
  const status = $('rollup-status');
  status.textContent = describeRun(items[0]);
  status.dataset.status = items[0]?.status ?? '';
  status.dataset.runId = items[0]?.runId ?? '';
  const skipped = skippedSummary(items[0]);
  $('rollup-skipped').replaceChildren(...(skipped ? [skipped] : []));
  $('rollup-skipped').hidden = !skipped;
}

/**
 * Whether Recalculate is offered: to an admin (the run covers the tenant), and to a manager who
 * sees goals (one run recomputes every hierarchy it sees, each from its root).
 */
function mayRecalculate() {
  return state.claims?.role === 'admin' || (state.claims?.role === 'manager' && state.goals.length > 0);
}

/** Follows a run until it ends. */
async function followRun(runId) {
  const progress = $('recalc-progress');
  for (;;) {
    const run = await api('GET', `/rollups/${encodeURIComponent(runId)}`);
    progress.textContent = `Run ${run.status}: ${count(run.goalsComputed ?? 0, 'goal')}, ${count(run.recordsRead ?? 0, 'record')} read`;
    if (run.status === 'succeeded' || run.status === 'failed') return run;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** One request for admins and managers alike: the API decides what the caller's run covers. */
async function recalculate() {
  const button = $('recalculate');
  const progress = $('recalc-progress');
  button.disabled = true;
  try {
    const { runId } = await api('POST', '/rollups', {});
    const run = await followRun(runId);
    await loadLastRun();
    if (run.status === 'failed') {
      progress.textContent = `The run failed${run.error ? `: ${run.error}` : ''}; the previous results stay.`;
      return;
    }
    await loadGoals();
    await loadLeaderboard();
    const failed = run.goalsFailed > 0 ? ` ${count(run.goalsFailed, 'goal')} could not be computed and kept their previous values.` : '';
    progress.textContent = `Done: ${count(run.goalsComputed ?? 0, 'goal')} recomputed.${failed}`;
  } catch (error) {
    progress.textContent = `Recalculate failed: ${error.message}`;
  } finally {
    button.disabled = false;
  }
}

// ---- start -----------------------------------------------------------------------------------

/** The token field, folded away behind the signed-in user once a token is in use. */
function showTokenForm(visible) {
  $('auth').hidden = !visible;
  $('change-token').hidden = visible || !state.claims;
}

/** Reads who is who, the metrics, the settings and the exchange rates: the names and currencies everything else shows. */
async function loadDefinitions() {
  const [users, units, metrics, settings, exchangeRates] = await Promise.all([
    listAll('/users').catch(() => []),
    listAll('/units').catch(() => []),
    listAll('/metrics').catch(() => []),
    api('GET', '/settings').catch(() => null),
    listAll('/exchange-rates').catch(() => null),
  ]);
  state.exchangeRates = exchangeRates;
  state.users = new Map(users.map((u) => [u.id, u]));
  state.units = new Map(units.map((u) => [u.id, u]));
  state.metrics = metrics;
  state.settings = settings;
}

const regions = ['rollup', 'goals', 'budget', 'leaderboard', 'metrics', 'organization', 'settings'];

async function load() {
  showMessage('');
  state.claims = decodeClaims(state.token);
  state.hasRunResults = false;
  useToken(state.token);
  document.body.dataset.loaded = 'false';
  if (!state.claims) {
    $('who').textContent = '';
    showTokenForm(true);
    for (const id of regions) $(id).hidden = true;
    if (state.token) showMessage('That is not a token (expected a JWT).');
    return;
  }
  const who = (name) => `${name} · ${state.claims.role} · tenant ${state.claims.tenant}`;
  $('who').textContent = who(state.claims.sub);
  try {
    await loadDefinitions();
    $('who').textContent = who(state.users.get(state.claims.sub)?.name ?? state.claims.sub);
    $('rollup').hidden = false;
    $('recalculate').hidden = true;
    await Promise.all([loadLastRun(), loadGoals()]);
    showTokenForm(false);
    $('recalculate').hidden = !mayRecalculate();
    await loadLeaderboardChoices();
    await Promise.all([loadLeaderboard(), mountMetrics($('metrics')), mountOrganization($('organization')), mountSettings($('settings'))]);
    document.body.dataset.loaded = 'true';
  } catch (error) {
    showTokenForm(true);
    showMessage(error.status === 401 ? `The API refused the token: ${error.message}` : `Could not load: ${inWords(error)}`);
  }
}

// After a write anywhere on the page: names, goals, results and the leaderboard as they are now.
onReload(async () => {
  await loadDefinitions();
  state.shownValues = null;
  await loadGoals();
  await loadLeaderboardChoices();
  await loadLeaderboard();
});

$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  state.token = tokenFrom($('token-input').value);
  localStorage.setItem(tokenKey, state.token);
  $('token-input').value = '';
  void load();
});
$('sign-out').addEventListener('click', () => {
  localStorage.removeItem(tokenKey);
  state.token = '';
  void load();
});
$('change-token').addEventListener('click', () => {
  showTokenForm(true);
  $('token-input').focus();
});
$('recalculate').addEventListener('click', () => void recalculate());
$('chart-goal').addEventListener('change', renderChart);
for (const id of ['lb-metric', 'lb-period', 'lb-unit', 'lb-limit']) $(id).addEventListener('change', () => void loadLeaderboard());

void load();
