import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SKIPPED_GOAL_IDS_LIMIT, SKIPPED_LIST_LIMIT } from '../../core/model/skipped-record.ts';
import type { RecordInput } from '../../core/model/record-input.ts';
import { previewMetric } from '../../core/rollup/preview-metric.ts';
import { rollupTenant, type RollupInput } from '../../core/rollup/rollup-tenant.ts';
import { recordArb } from './support/record-arbitraries.ts';
import { countMetric, deal, goal, NOW, Q1, revenueMetric, settings, units, users } from './support/tenant-fixtures.ts';

// Each record a full run skips is listed once, with the first reason found (API.md, Metrics).

const tenant: Omit<RollupInput, 'now'> = {
  settings,
  units,
  users,
  metrics: [revenueMetric(), countMetric()],
  goals: [
    goal('ann-q1', { type: 'user', id: 'ann' }),
    goal('north-q1', { type: 'team', id: 'north' }),
    goal('org-q1', { type: 'organization', id: 'org' }),
    goal('ann-april', { type: 'user', id: 'ann' }, { period: { start: '2026-04-01', end: '2026-04-30' } }),
    goal('ann-deals', { type: 'user', id: 'ann' }, { metricId: 'deals', target: '10' }),
  ],
};
const run = (records: RecordInput[], skippedListLimit?: number) => rollupTenant({ ...tenant, records, now: NOW, ...(skippedListLimit === undefined ? {} : { skippedListLimit }) });
const record = (id: string, fields: RecordInput['fields'], extra: Partial<RecordInput> = {}): RecordInput => ({ ...deal('ann', fields, extra), id });
/** The revenue goals a record of ann's in Q1 would have counted for (the count metric's goal counts it). */
const annRevenueGoals = ['ann-q1', 'north-q1', 'org-q1'];

describe('the skipped records of a rollup', () => {
  it('lists a record in another currency with reason currency, the metric and the goals it would have counted for', () => {
    const output = run([record('usd', { amount: '10.00', currency: 'USD' })]);
    expect(output.skippedList).toEqual([{ recordType: 'deal', id: 'usd', reason: 'currency', detail: 'currency USD, metric wants EUR', metricId: 'revenue', goalIds: annRevenueGoals }]);
    expect(output.skippedRecords).toBe(1);
  });

  it('says a record without currency was taken in the default currency', () => {
    const usdMetric = revenueMetric({ currency: 'USD' });
    const output = rollupTenant({ ...tenant, metrics: [usdMetric], goals: [goal('ann-q1', { type: 'user', id: 'ann' })], records: [record('none', { amount: '1.00', currency: null })], now: NOW });
    expect(output.skippedList).toMatchObject([{ reason: 'currency', detail: 'no currency (taken as the default EUR), metric wants USD', goalIds: ['ann-q1'] }]);
  });

  it('lists an unreadable amount as bad_value, saying what is wrong with it', () => {
    const output = run([record('comma', { amount: '12,5' }), record('fraction', { amount: '1.234' }), record('none', {}), record('yes', { amount: true })]);
    expect(output.skippedList.map(({ id, reason, detail }) => ({ id, reason, detail }))).toEqual([
      { id: 'comma', reason: 'bad_value', detail: 'amount "12,5" is not a decimal number' },
      { id: 'fraction', reason: 'bad_value', detail: 'amount "1.234" has more than 2 decimal places' },
      { id: 'none', reason: 'bad_value', detail: 'amount is missing' },
      { id: 'yes', reason: 'bad_value', detail: 'amount true is not a number' },
    ]);
    expect(output.skippedList.every((s) => s.goalIds.join() === annRevenueGoals.join())).toBe(true);
  });

  it('lists an unreadable date as bad_date with no goals (no period can be told)', () => {
    const output = run([record('us-date', { amount: '1.00', closedAt: '11/29/2026' })]);
    expect(output.skippedList).toEqual([{ recordType: 'deal', id: 'us-date', reason: 'bad_date', detail: 'closedAt "11/29/2026" is not a date', metricId: 'revenue', goalIds: [] }]);
  });

  it('lists splits that do not add up to 100 as bad_splits, with its owner’s goals (splits that cannot be read name no one)', () => {
    const splits = [{ ownerId: 'ann', percent: '60' }, { ownerId: 'bob', percent: '30' }];
    const output = run([record('split', { amount: '10.00' }, { splits })]);
    expect(output.skippedList).toEqual([{ recordType: 'deal', id: 'split', reason: 'bad_splits', detail: 'split percents add up to 90, not 100', metricId: 'revenue', goalIds: annRevenueGoals }]);
  });

  it('says which split is unreadable', () => {
    const output = run([
      record('word', { amount: '1.00' }, { splits: [{ ownerId: 'ann', percent: 'half' }, { ownerId: 'bob', percent: '50' }] }),
      record('owner', { amount: '1.00' }, { splits: [{ ownerId: '', percent: '100' }] }),
      record('negative', { amount: '1.00' }, { splits: [{ ownerId: 'ann', percent: '150' }, { ownerId: 'bob', percent: '-50' }] }),
    ]);
    expect(output.skippedList.map((s) => s.detail)).toEqual([
      'the split percent of ann, "half", is not a number',
      'a split has no owner',
      'the split percent of bob is negative',
    ]);
  });

  it('lists a record once, with the first reason found: its date, then value, splits and currency', () => {
    const everythingWrong = record('all', { amount: 'x', currency: 'USD', closedAt: 'soon' }, { splits: [{ ownerId: 'ann', percent: '1' }] });
    const badValueAndCurrency = record('two', { amount: 'x', currency: 'USD' });
    const output = run([everythingWrong, badValueAndCurrency]);
    expect(output.skippedList.map((s) => [s.id, s.reason])).toEqual([['all', 'bad_date'], ['two', 'bad_value']]);
    expect(output.skippedRecords).toBe(2);
  });

  it('names the goals of the metric it is listed with only, each once, at most 20', () => {
    const many = Array.from({ length: 30 }, (_, i) => goal(`ann-${i}`, { type: 'user', id: 'ann' }));
    const inDollars = revenueMetric({ id: 'revenue-usd', currency: 'USD' });
    const dollarGoal = goal('ann-usd', { type: 'user', id: 'ann' }, { metricId: 'revenue-usd' });
    // In pounds: skipped by revenue (listed with it) and by revenue-usd; counted by the deal count.
    const pounds = record('gbp', { amount: '1.00', currency: 'GBP' });
    const output = rollupTenant({ ...tenant, metrics: [...tenant.metrics, inDollars], goals: [...tenant.goals, dollarGoal, ...many], records: [pounds], now: NOW });
    const [listed] = output.skippedList;
    expect(listed?.metricId).toBe('revenue');
    expect(listed?.goalIds).toHaveLength(SKIPPED_GOAL_IDS_LIMIT);
    expect(new Set(listed?.goalIds).size).toBe(SKIPPED_GOAL_IDS_LIMIT);
    expect(listed?.goalIds.slice(0, 3)).toEqual(annRevenueGoals.slice(0, 1).concat(['ann-0', 'ann-1']));
    expect(listed?.goalIds).not.toContain('ann-usd');
    expect(listed?.goalIds).not.toContain('ann-deals');
    expect(output.results.find((r) => r.goalId === 'ann-usd')?.skippedRecords).toBe(1);
  });

  it('names each goal once when several queries of its metric skip the record', () => {
    // Skipped by revenue's actual and in-progress queries alike (status "won" and "open" both match an "in" query).
    const metric = revenueMetric({ inProgress: { where: { field: 'status', op: 'in', value: ['won', 'open'] }, dateField: 'closedAt' } });
    const output = rollupTenant({ ...tenant, metrics: [metric], goals: [goal('ann-q1', { type: 'user', id: 'ann' })], records: [record('usd', { amount: '1.00', currency: 'USD' })], now: NOW });
    expect(output.skippedList).toMatchObject([{ id: 'usd', goalIds: ['ann-q1'] }]);
  });

  it('keeps at most the limit, counting every skipped record', () => {
    const records = Array.from({ length: 7 }, (_, i) => record(`usd-${i}`, { amount: '1.00', currency: 'USD' }));
    const output = run(records, 3);
    expect(output.skippedList.map((s) => s.id)).toEqual(['usd-0', 'usd-1', 'usd-2']);
    expect(output.skippedRecords).toBe(7);
    expect(run(records).skippedList).toHaveLength(7);
    expect(SKIPPED_LIST_LIMIT).toBe(10_000);
  });

  it('neither counts nor skips a record whose date field is missing, null or empty: it is in no period', () => {
    const output = run([record('absent', { amount: '1.00', closedAt: undefined as never }), record('null', { amount: '1.00', closedAt: null }), record('empty', { amount: '1.00', closedAt: '' })]);
    expect(output.skippedRecords).toBe(0);
    expect(output.skippedList).toEqual([]);
    expect(output.results.find((r) => r.goalId === 'ann-q1')).toMatchObject({ actual: '0.00', skippedRecords: 0 });
  });

  it('quotes at most 40 characters of a field', () => {
    const output = run([record('long', { amount: '1.00', closedAt: 'x'.repeat(4000) })]);
    expect(output.skippedList[0]?.detail).toBe(`closedAt "${'x'.repeat(40)}…" is not a date`);
  });

  it('lists exactly the records it counts as skipped, each once (any records)', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 40 }), (records) => {
        const unique = records.map((r, i) => ({ ...r, id: `r-${i}` }));
        const output = run(unique);
        expect(output.skippedList).toHaveLength(output.skippedRecords);
        expect(new Set(output.skippedList.map((s) => s.id)).size).toBe(output.skippedRecords);
      }),
      { numRuns: 60 },
    );
  });
});

describe('a preview’s skipped records', () => {
  it('counts only the records of its own period and owner, as a goal does', () => {
    const records = [
      record('ann-usd', { amount: '1.00', currency: 'USD' }),
      record('ann-usd-april', { amount: '1.00', currency: 'USD', closedAt: '2026-04-10T12:00:00+02:00' }),
      { ...deal('cy', { amount: '1.00', currency: 'USD' }), id: 'cy-usd' },
      record('ann-bad-date', { amount: '1.00', closedAt: 'soon' }),
    ];
    const preview = (owner: { type: 'user' | 'team' | 'organization'; id: string }) =>
      previewMetric({ settings, units, users, metric: revenueMetric(), owner, period: Q1, records, now: NOW }).skippedRecords;
    expect(preview({ type: 'user', id: 'ann' })).toBe(1);
    expect(preview({ type: 'user', id: 'bob' })).toBe(0);
    expect(preview({ type: 'team', id: 'south' })).toBe(1);
    expect(preview({ type: 'organization', id: 'org' })).toBe(2);
  });
});
