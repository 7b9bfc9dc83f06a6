// "Last rollup"'s skipped records (UI.md): the count of records the run could not count, and for
// those who may read records (admins) a link to them with their reasons, a page at a time.
import { api } from './api.js';
import { h, inWords, openDialog } from './dom.js';
import { count } from './format.js';
import { isAdmin, state } from './session.js';

/** Each reason of API.md (Metrics), as the person fixing the record in the CRM would say it. */
const reasonWords = {
  currency: 'In another currency',
  no_rate: 'No exchange rate for its currency',
  bad_value: 'Value is not a number',
  bad_date: 'Date cannot be read',
  bad_splits: 'Splits do not add up to 100 %',
};
const pageSize = 50;

const metricName = (id) => state.metrics.find((m) => m.id === id)?.name ?? id;
const goalName = (id) => state.goals.find((g) => g.id === id)?.name ?? id;

/**
 * What "Last rollup" says of a finished run's skipped records: nothing when there are none; the
 * count for those who may not read records; for admins a link that opens them.
 */
export function skippedSummary(run) {
  const skipped = run?.skippedRecords ?? 0;
  if (run?.status !== 'succeeded' || skipped === 0) return null;
  const words = count(skipped, 'skipped record');
  if (!isAdmin()) return h('span', {}, `${words} (matched a metric but could not count; an admin can see which)`);
  return h('a', { href: '#skipped-records', onclick: (event) => {
    event.preventDefault();
    openSkippedRecords(run);
  } }, words);
}

/** One skipped record: its reason in words, the record, what was wrong, the metric it matched and the goals it would have counted for. */
function recordItem(record) {
  const goals = record.goalIds.length > 0 ? ` · would have counted for ${record.goalIds.map(goalName).join(', ')}` : '';
  return h(
    'li',
    { class: 'skipped-record' },
    h('strong', {}, reasonWords[record.reason] ?? record.reason),
    h('span', { class: 'skipped-what' }, `${record.recordType} ${record.id}`),
    h('span', { class: 'skipped-detail' }, record.detail),
    h('span', { class: 'muted' }, `metric ${metricName(record.metricId)}${goals}`),
  );
}

/** The "Skipped records" dialog of a run: a page at a time, "More" for the next. */
function openSkippedRecords(run) {
  openDialog('Skipped records', (dialog) => {
    const kept = run.skippedRecordsListed ?? 0;
    const intro = h('p', {}, `${count(run.skippedRecords, 'record')} matched a metric but could not count in this run. Correct them in the CRM: the next run counts them.`);
    const cut = run.skippedRecordsTruncated ? h('p', { class: 'muted' }, `The run keeps the first ${kept.toLocaleString('en-US')} of them.`) : null;
    const list = h('ul', { class: 'skipped-list', 'aria-label': 'Skipped records of the run' });
    const status = h('p', { class: 'muted', role: 'status' });
    const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'More');
    let cursor = null;
    const load = async () => {
      more.disabled = true;
      status.textContent = 'Loading…';
      try {
        const page = await api('GET', `/rollups/${encodeURIComponent(run.runId)}/skipped?limit=${pageSize}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        list.append(...page.items.map(recordItem));
        cursor = page.nextCursor;
        more.hidden = cursor === null;
        status.textContent = cursor === null && list.children.length === 0 ? 'The run kept none of them.' : '';
      } catch (error) {
        status.textContent = `Could not load them: ${inWords(error)}`;
      } finally {
        more.disabled = false;
      }
    };
    more.addEventListener('click', () => void load());
    dialog.append(...[intro, cut, list, status, more].filter(Boolean));
    void load();
  });
}
