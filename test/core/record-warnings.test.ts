import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Metric } from '../../core/model/metric.ts';
import type { RecordInput } from '../../core/model/record-input.ts';
import { parseDecimal } from '../../core/values/decimal.ts';
import { rateTable } from '../../core/values/exchange.ts';
import { createRollup } from '../../core/rollup/rollup-tenant.ts';
import { RecordChecks, recordOwnerIds, type RecordWarning } from '../../core/rollup/record-warnings.ts';
import { countMetric, goalDefaults, revenueMetric, settings, units, users } from './support/tenant-fixtures.ts';

const knownUsers = new Set(users.map((u) => u.id));
const isUser = (id: string) => knownUsers.has(id);

/** A won EUR deal of ann that every metric here counts as it is. */
const deal = (fields: RecordInput['fields'] = {}, overrides: Partial<RecordInput> = {}): RecordInput => ({
  recordType: 'deal',
  id: 'd-1',
  ownerId: 'ann',
  updatedAt: '2026-03-01T12:00:00Z',
  splits: null,
  ...overrides,
  fields: { status: 'won', amount: '1200.50', currency: 'EUR', closedAt: '2026-02-27T16:30:00Z', ...fields },
});

const checksOf = (metrics: Metric[], defaultCurrency = 'EUR') => new RecordChecks(metrics, { timezone: 'Europe/Oslo', defaultCurrency });
const warningsOf = (record: RecordInput, metrics: Metric[] = [revenueMetric(), countMetric()], defaultCurrency?: string) =>
  checksOf(metrics, defaultCurrency).warnings(record, isUser);
const codes = (warnings: RecordWarning[]) => warnings.map((w) => [w.code, w.field, w.metricId]);

describe('RecordChecks', () => {
  it('finds nothing to say about a clean record', () => {
    expect(warningsOf(deal())).toEqual([]);
  });

  it('checks only record types a metric reads, and says nothing about the others', () => {
    // Prepare
    const checks = checksOf([revenueMetric()]);
    const call: RecordInput = { recordType: 'activity', id: 'a-1', ownerId: 'nobody', updatedAt: '2026-03-01T12:00:00Z', splits: null, fields: { occurredAt: 'soon' } };

    // Act, Assess
    expect(checks.reads('deal')).toBe(true);
    expect(checks.reads('activity')).toBe(false);
    expect(checks.warnings(call, isUser)).toEqual([]);
  });

  it('says nothing about a record no query matches: it counts nowhere anyway', () => {
    expect(warningsOf(deal({ status: 'lost', amount: 'n/a', closedAt: null, currency: null }, { ownerId: 'nobody' }))).toEqual([]);
  });

  it('warns of an owner or split owner who is no user (unknown_owner), once each, before the rest', () => {
    // Act
    const warnings = warningsOf(
      deal({ amount: 'lots' }, { ownerId: 'zed', splits: [{ ownerId: 'zed', percent: 50 }, { ownerId: 'ann', percent: 20 }, { ownerId: 'yan', percent: 30 }] }),
    );

    // Assess
    expect(codes(warnings)).toEqual([
      ['unknown_owner', 'ownerId', undefined],
      ['unknown_owner', 'splits', undefined],
      ['bad_value', 'amount', 'revenue'],
    ]);
    expect(warnings[0]!.message).toMatch(/zed/);
    expect(warnings[1]!.message).toMatch(/yan/);
  });

  it('recordOwnerIds names the owner and each split owner once', () => {
    expect(recordOwnerIds({ ownerId: 'ann', splits: [{ ownerId: 'ann', percent: 60 }, { ownerId: 'bob', percent: 40 }] })).toEqual(['ann', 'bob']);
    expect(recordOwnerIds({ ownerId: 'ann', splits: null })).toEqual(['ann']);
  });

  it('warns bad_date for each metric dated by a field the record lacks or that holds no date', () => {
    for (const closedAt of [undefined, null, '']) {
      const fields = { ...deal().fields };
      if (closedAt === undefined) delete fields.closedAt;
      else fields.closedAt = closedAt;
      const warnings = warningsOf({ ...deal(), fields });
      expect(codes(warnings), String(closedAt)).toEqual([
        ['bad_date', 'closedAt', 'revenue'],
        ['bad_date', 'closedAt', 'deals'],
      ]);
      expect(warnings[0]!.message).toMatch(/^No closedAt/);
    }
    for (const closedAt of ['soon', '2026-02-30', '2026-02-27T25:00:00Z', 20260227, true]) {
      const warnings = warningsOf(deal({ closedAt }));
      expect(codes(warnings), String(closedAt)).toEqual([
        ['bad_date', 'closedAt', 'revenue'],
        ['bad_date', 'closedAt', 'deals'],
      ]);
      expect(warnings[0]!.message).toContain(JSON.stringify(closedAt));
    }
  });

  it("takes what the run takes for a date: an instant with offset, a local date, a local date-time in the tenant's zone", () => {
    for (const closedAt of ['2026-02-27T16:30:00+01:00', '2026-02-27', '2026-02-27T16:30:00', '2026-02-27 16:30']) {
      expect(warningsOf(deal({ closedAt })), closedAt).toEqual([]);
    }
  });

  it("checks a query's own date field, and no date for a snapshot query", () => {
    // Prepare: open deals are dated by expectedCloseAt; the pipeline is a snapshot.
    const pipeline = revenueMetric({ id: 'pipeline', name: 'Pipeline', dateField: null, actual: null, inProgress: { where: { field: 'status', op: 'eq', value: 'open' } } });
    const open = deal({ status: 'open', closedAt: null });

    // Act
    const warnings = warningsOf(open, [revenueMetric(), pipeline]);

    // Assess: no closedAt is fine for an open deal; its expectedCloseAt is what is missing.
    expect(codes(warnings)).toEqual([['bad_date', 'expectedCloseAt', 'revenue']]);
    expect(warningsOf(deal({ status: 'open', expectedCloseAt: '2026-04-30' }), [revenueMetric(), pipeline])).toEqual([]);
  });

  it("warns bad_value when an amount metric's value field is missing, not a number, or finer than the metric's unit", () => {
    for (const amount of [undefined, null, 'n/a', '1,200.50', '1200.505', '1e3', true]) {
      const fields = { ...deal().fields };
      if (amount === undefined) delete fields.amount;
      else fields.amount = amount;
      const warnings = warningsOf({ ...deal(), fields });
      expect(codes(warnings), String(amount)).toEqual([['bad_value', 'amount', 'revenue']]);
      expect(warnings[0]!.message).toMatch(amount === undefined || amount === null ? /^No amount/ : /not a number or decimal with at most 2 decimals/);
    }
    for (const amount of [1200.5, 12, '-3.10', '1200.500']) expect(warningsOf(deal({ amount })), String(amount)).toEqual([]);
  });

  it('warns currency_missing for each money metric when the record has no currency, saying what the run does with it', () => {
    // Prepare
    const usdRevenue = revenueMetric({ id: 'revenue-usd', currency: 'USD' });
    const metrics = [revenueMetric(), usdRevenue, countMetric()];

    // Act
    const warnings = warningsOf(deal({ currency: null }), metrics);

    // Assess
    expect(codes(warnings)).toEqual([
      ['currency_missing', 'currency', 'revenue'],
      ['currency_missing', 'currency', 'revenue-usd'],
    ]);
    expect(warnings[0]!.message).toMatch(/default currency, EUR, and metric revenue \(Revenue\) counts it$/);
    expect(warnings[1]!.message).toMatch(/which counts USD only, skips it$/);
    expect(warningsOf(deal({ currency: 'eur' }), metrics)).toEqual([]);
  });

  it('says a converting metric converts a record without currency from the default, and warns no_rate when no rate covers its date', () => {
    // Prepare: USD converts at 0.9 from 1 March only
    const converting = revenueMetric({ id: 'revenue-usd', currency: 'USD', currencyMode: 'convert' });
    const checks = new RecordChecks([converting], { timezone: 'Europe/Oslo', defaultCurrency: 'EUR' }, {
      rates: rateTable([{ currency: 'USD', rates: [{ from: '2026-03-01', rate: '0.9' }] }]),
      nowMs: Date.parse('2026-03-20T12:00:00Z'),
    });

    // Act
    const missing = checks.warnings(deal({ currency: null, closedAt: '2026-03-05T12:00:00Z' }), isUser);
    const early = checks.warnings(deal({ currency: 'EUR', closedAt: '2026-02-05T12:00:00Z' }), isUser);

    // Assess
    expect(codes(missing)).toEqual([['currency_missing', 'currency', 'revenue-usd']]);
    expect(missing[0]!.message).toMatch(/converts it from EUR into USD$/);
    expect(codes(early)).toEqual([['no_rate', 'currency', 'revenue-usd']]);
    expect(early[0]!.message).toContain('No exchange rate for EUR into USD on 2026-02-05');
  });

  it('warns once per code, field and metric when several queries of a metric match', () => {
    // Prepare: actual and custom both count every deal, both by closedAt.
    const metric = revenueMetric({ actual: {}, inProgress: null, custom: { where: { field: 'status', op: 'ne', value: 'lost' } } });

    // Act, Assess
    expect(codes(warningsOf(deal({ closedAt: 'soon', amount: 'x' }), [metric]))).toEqual([
      ['bad_date', 'closedAt', 'revenue'],
      ['bad_value', 'amount', 'revenue'],
    ]);
  });

  it('quotes a long value short', () => {
    const [warning] = warningsOf(deal({ closedAt: 'x'.repeat(500) }), [countMetric()]);
    expect(warning!.message.length).toBeLessThan(200);
  });
});

describe('RecordChecks and the full run agree', () => {
  const metric = revenueMetric();
  const goal = { ...goalDefaults, id: 'org', name: 'org', metricId: 'revenue', owner: { type: 'organization' as const, id: 'org' }, period: { start: '2025-01-01', end: '2027-12-31' }, target: '1.00', rollupMode: 'owner' as const };
  const checks = new RecordChecks([metric], settings);

  /** What the run makes of the one record: whether it skipped it, and what the goal got. */
  function run(record: RecordInput): { skipped: boolean; counted: bigint } {
    const session = createRollup({ settings, units, users, metrics: [metric], goals: [goal], now: '2026-06-01T00:00:00Z' });
    session.add(record);
    const { skippedRecords, results } = session.finish();
    const [progress] = results;
    return { skipped: skippedRecords > 0, counted: parseDecimal(progress!.actual ?? 0, 2) + parseDecimal(progress!.inProgress ?? 0, 2) };
  }

  const dateArb = fc.constantFrom<string | number | null | undefined>('2026-02-27T16:30:00+01:00', '2026-03-01', '2026-03-01T10:00:00', '', null, undefined, 'soon', '2026-02-30', 7);
  const recordArb = fc
    .record({
      status: fc.constantFrom('won', 'open', 'lost'),
      amount: fc.constantFrom<string | number | null | undefined>('10.00', 12, '0.5', 'n/a', '1.234', null, undefined),
      currency: fc.constantFrom<string | undefined>('EUR', undefined),
      closedAt: dateArb,
      expectedCloseAt: dateArb,
    })
    .map(({ status, ...rest }): RecordInput => {
      const fields: RecordInput['fields'] = { status };
      for (const [name, value] of Object.entries(rest)) if (value !== undefined) fields[name] = value;
      return { recordType: 'deal', id: 'd', ownerId: 'ann', updatedAt: '2026-03-01T12:00:00Z', splits: null, fields };
    });

  it('a record the run skips has a bad_date or a bad_value warning; one with no warning (but the default currency) counts', () => {
    fc.assert(
      fc.property(recordArb, (record) => {
        // Act
        const warnings = checks.warnings(record, isUser);
        const outcome = run(record);

        // Assess: a missing date keeps the record out of every period (not skipped); a date the run
        // cannot read, or a value it cannot read on a dated record, skips it.
        const dateWarning = warnings.find((w) => w.code === 'bad_date');
        const dateMissing = dateWarning !== undefined && dateWarning.message.startsWith('No ');
        const badValue = warnings.some((w) => w.code === 'bad_value');
        expect(outcome.skipped).toBe((dateWarning !== undefined && !dateMissing) || (badValue && dateWarning === undefined));
        if (warnings.every((w) => w.code === 'currency_missing') && record.fields.status !== 'lost') expect(outcome.counted).toBeGreaterThan(0n);
        if (dateMissing) expect(outcome.counted).toBe(0n);
      }),
      { numRuns: 300 },
    );
  });
});
