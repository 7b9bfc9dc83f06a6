import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, uniqueTenant, type ApiClient, type ApiResponse, type TestApi } from '../support/api.ts';
import { expectError, expectUnchanged, listAll, snapshot } from './expect-api.ts';

const templateIds = [
  'revenue',
  'deal-count',
  'pipeline-value',
  'leads-generated',
  'leads-qualified',
  'tasks-completed',
  'calls-made',
  'meetings-held',
  'deals-started',
  'deals-progressed',
  'confirmed-sales',
];

const ulidPattern = /^[0-9A-HJKMNP-TV-Z]{26}$/;

const wonDeals = {
  name: 'Won deal amount',
  kind: 'amount',
  dataType: 'money',
  currency: 'EUR',
  recordType: 'deal',
  dateField: 'closedAt',
  valueField: 'amount',
  actual: { where: { all: [{ field: 'status', op: 'eq', value: 'won' }, { field: 'amount', op: 'gt', value: 0 }] } },
};

describe('metrics', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  const freshAdmin = (): Promise<ApiClient> => api.as('admin', { tenant: uniqueTenant('metrics') });

  /** An admin of a tenant of its own with the metric `won` (money, EUR). */
  async function withMetric(): Promise<ApiClient> {
    const admin = await freshAdmin();
    expect((await admin.post('/metrics', { id: 'won', ...wonDeals })).status).toBe(201);
    return admin;
  }

  /** A team `team-a` and a yearly goal on `metricId` for it (the POST /goals response). */
  async function goalOn(admin: ApiClient, metricId: string, target: string | number = '1000'): Promise<ApiResponse> {
    await admin.put('/units/org', { name: 'Acme', kind: 'organization' });
    await admin.put('/units/team-a', { name: 'Team A', kind: 'team', parentId: 'org' });
    return admin.post('/goals', {
      name: 'Annual',
      metricId,
      owner: { type: 'team', id: 'team-a' },
      period: { granularity: 'year', anchor: '2026-01-01' },
      target,
    });
  }

  describe('GET /metric-templates', () => {
    it('lists the registry of API.md, each template with a name and description', async () => {
      // Prepare
      const member = await api.as('member');

      // Act
      const response = await member.get('/metric-templates');

      // Assess
      expect(response.status).toBe(200);
      expect(response.body.items.map((t: { id: string }) => t.id)).toEqual(templateIds);
      for (const template of response.body.items) {
        expect(template).toMatchObject({ name: expect.any(String), description: expect.any(String), kind: expect.stringMatching(/^(count|amount)$/) });
      }
    });

  });

  describe('POST /metrics', () => {
    it('instantiates the revenue template in the requested currency with 201 and a ULID', async () => {
      // Prepare
      const admin = await freshAdmin();

      // Act
      const response = await admin.post('/metrics', { template: 'revenue', currency: 'USD' });

      // Assess
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(ulidPattern),
        name: 'Revenue',
        kind: 'amount',
        dataType: 'money',
        currency: 'USD',
        currencyMode: 'only',
        recordType: 'deal',
        dateField: 'closedAt',
        valueField: 'amount',
        actual: { where: { field: 'status', op: 'eq', value: 'won' } },
        inProgress: { where: { field: 'status', op: 'eq', value: 'open' }, dateField: 'expectedCloseAt' },
        custom: null,
        version: 1,
      });
      expect(response.headers.get('etag')).toBe('"1"');
      const stored = await admin.get(`/metrics/${response.body.id}`);
      expect(stored.status).toBe(200);
      expect(stored.body).toEqual(response.body);
      expect(stored.headers.get('etag')).toBe('"1"');
    });

    it('answers 409 conflict to a duplicate id and keeps the stored metric', async () => {
      // Prepare
      const admin = await withMetric();
      const before = await snapshot(admin, '/metrics/won');

      // Act
      const fromDefinition = await admin.post('/metrics', { id: 'won', ...wonDeals, name: 'Other' });
      const fromTemplate = await admin.post('/metrics', { template: 'deal-count', id: 'won' });

      // Assess
      expectError(fromDefinition, 409, 'conflict');
      expectError(fromTemplate, 409, 'conflict');
      await expectUnchanged(admin, '/metrics/won', before);
    });

    it('gives money metrics a currencyMode ("only" unless "convert" is asked for), shown in every answer; other data types have none', async () => {
      // Prepare
      const admin = await freshAdmin();

      // Act
      const converting = await admin.post('/metrics', { template: 'revenue', id: 'rev', currencyMode: 'convert' });
      const defined = await admin.post('/metrics', { id: 'won', ...wonDeals });
      const count = await admin.post('/metrics', { template: 'deal-count', id: 'deals' });
      const countWithMode = await admin.post('/metrics', { template: 'deal-count', id: 'deals-2', currencyMode: 'only' });
      const unknownMode = await admin.post('/metrics', { id: 'won-2', ...wonDeals, currencyMode: 'sometimes' });

      // Assess
      expect([converting.status, defined.status, count.status]).toEqual([201, 201, 201]);
      expect([converting.body.currencyMode, defined.body.currencyMode, count.body.currencyMode]).toEqual(['convert', 'only', null]);
      expect((await admin.get('/metrics/rev')).body).toEqual(converting.body);
      const listed = (await admin.get('/metrics')).body.items.map((m: { id: string; currencyMode: unknown }) => [m.id, m.currencyMode]);
      expect(listed).toEqual([['deals', null], ['rev', 'convert'], ['won', 'only']]);
      expectError(countWithMode, 400, 'validation_failed', { paths: ['body.currencyMode'] });
      expect(countWithMode.body.error.details[0].message).toBe('Only money metrics have a currency mode');
      expectError(unknownMode, 400, 'validation_failed', { paths: ['body.currencyMode'] });
    });

    it('answers 400 validation_failed to bad field values, listing each problem', async () => {
      // Prepare
      const admin = await freshAdmin();

      // Act
      const response = await admin.post('/metrics', {
        ...wonDeals,
        id: 'has space',
        kind: 'sum',
        currency: 'EURO',
        recordType: 'deal/x',
        valueField: '1amount',
      });

      // Assess
      expectError(response, 400, 'validation_failed');
      const paths = response.body.error.details.map((d: { path: string }) => d.path);
      expect(paths).toEqual(expect.arrayContaining(['body.id', 'body.kind', 'body.currency', 'body.recordType', 'body.valueField']));
      expect((await admin.get('/metrics')).body.items).toEqual([]);
    });

  });

  describe('values of goals on a metric', () => {
    it("are normalised to the metric's scale: the currency's minor unit, whole numbers for integers", async () => {
      // Prepare
      const admin = await freshAdmin();
      const usd = await admin.post('/metrics', { template: 'revenue', currency: 'USD', id: 'usd' });
      const jpy = await admin.post('/metrics', { template: 'revenue', currency: 'JPY', id: 'jpy' });
      const count = await admin.post('/metrics', { template: 'deal-count', id: 'count' });
      expect([usd.status, jpy.status, count.status]).toEqual([201, 201, 201]);

      // Act
      const inUsd = await goalOn(admin, 'usd', 1000.5);
      const inJpy = await goalOn(admin, 'jpy', '250000');
      const deals = await goalOn(admin, 'count', '12');
      const yenWithCents = await goalOn(admin, 'jpy', '100.50');

      // Assess
      expect(inUsd.status).toBe(201);
      expect(inUsd.body.target).toBe('1000.50');
      expect(inJpy.body.target).toBe('250000');
      expect(deals.body.target).toBe('12');
      expectError(yenWithCents, 400, 'validation_failed', { paths: ['body.target'] });
    });
  });

  describe('GET /metrics and GET /metrics/{id}', () => {

    it("lists only the tenant's metrics, and answers 404 not_found to another tenant's id", async () => {
      // Prepare
      const first = await withMetric();
      const second = await freshAdmin();
      await second.post('/metrics', { template: 'calls-made', id: 'calls' });

      // Act
      const list = await second.get('/metrics');
      const foreign = await second.get('/metrics/won');
      const unknown = await first.get('/metrics/calls');

      // Assess
      expect(list.body).toEqual({ items: [expect.objectContaining({ id: 'calls' })], nextCursor: null });
      expectError(foreign, 404, 'not_found');
      expectError(unknown, 404, 'not_found');
    });

    it('pages with limit and cursor, every metric exactly once', async () => {
      // Prepare
      const admin = await freshAdmin();
      for (const template of templateIds.slice(0, 5)) await admin.post('/metrics', { template, id: template });

      // Act
      const first = await admin.get('/metrics?limit=2');
      const all = await listAll(admin, '/metrics', 2);

      // Assess
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      expect(all.items.map((m: { id: string }) => m.id).sort()).toEqual(templateIds.slice(0, 5).sort());
    });

    it('answers 400 validation_failed to a bad limit, cursor, query parameter or id', async () => {
      // Prepare
      const admin = await withMetric();

      // Act
      const limit = await admin.get('/metrics?limit=-1');
      const cursor = await admin.get('/metrics?cursor=bm9wZQ');
      const unknown = await admin.get('/metrics?kind=count');
      const id = await admin.get('/metrics/won%21');

      // Assess
      expectError(limit, 400, 'validation_failed', { paths: ['query.limit'] });
      expectError(cursor, 400, 'validation_failed', { paths: ['query.cursor'] });
      expectError(unknown, 400, 'validation_failed', { paths: ['query.kind'] });
      expectError(id, 400, 'validation_failed', { paths: ['params.id'] });
    });

  });

  describe('PATCH /metrics/{id}', () => {
    it('changes the given fields, keeps the others, and bumps the version and ETag', async () => {
      // Prepare
      const admin = await withMetric();
      const inProgress = { where: { field: 'status', op: 'eq', value: 'open' }, dateField: 'expectedCloseAt' };

      // Act
      const response = await admin.patch('/metrics/won', { name: 'Won deals', inProgress });

      // Assess
      const metric = { id: 'won', ...wonDeals, currencyMode: 'only', name: 'Won deals', inProgress, custom: null, version: 2 };
      expect(response.status).toBe(200);
      expect(response.body).toEqual(metric);
      expect(response.headers.get('etag')).toBe('"2"');
      expect((await admin.get('/metrics/won')).body).toEqual(metric);
    });

    it('changes a money metric’s currencyMode (not its type: no conflict), and refuses one on another data type or none on money', async () => {
      // Prepare
      const admin = await withMetric();
      await admin.post('/metrics', { template: 'deal-count', id: 'deals' });
      const deals = await snapshot(admin, '/metrics/deals');

      // Act
      const converting = await admin.patch('/metrics/won', { currencyMode: 'convert' }, { 'if-match': '"1"' });
      const onCount = await admin.patch('/metrics/deals', { currencyMode: 'convert' });
      const noneOnMoney = await admin.patch('/metrics/won', { currencyMode: null });

      // Assess
      expect(converting.status).toBe(200);
      expect(converting.body).toEqual({ id: 'won', ...wonDeals, currencyMode: 'convert', inProgress: null, custom: null, version: 2 });
      expect((await admin.get('/metrics/won')).body).toEqual(converting.body);
      expectError(onCount, 400, 'validation_failed', { paths: ['body.currencyMode'] });
      expectError(noneOnMoney, 400, 'validation_failed', { paths: ['body.currencyMode'] });
      await expectUnchanged(admin, '/metrics/deals', deals);
    });

    it('answers 409 conflict to a change of kind, dataType or currency and keeps the metric', async () => {
      // Prepare
      const admin = await withMetric();
      const before = await snapshot(admin, '/metrics/won');

      // Act
      const kind = await admin.patch('/metrics/won', { kind: 'count', dataType: 'integer', currency: null, valueField: null });
      const dataType = await admin.patch('/metrics/won', { dataType: 'decimal', currency: null });
      const currency = await admin.patch('/metrics/won', { currency: 'USD' });
      const currencyAndName = await admin.patch('/metrics/won', { name: 'Renamed', currency: 'USD' });

      // Assess
      expectError(kind, 409, 'conflict');
      expectError(dataType, 409, 'conflict');
      expectError(currency, 409, 'conflict');
      expectError(currencyAndName, 409, 'conflict');
      await expectUnchanged(admin, '/metrics/won', before);
    });

    it('answers 400 validation_failed when the result would break the metric rules, and keeps the metric', async () => {
      // Prepare
      const admin = await withMetric();
      const before = await snapshot(admin, '/metrics/won');

      // Act
      const noValueField = await admin.patch('/metrics/won', { valueField: null });
      const noQuery = await admin.patch('/metrics/won', { actual: null });

      // Assess
      expectError(noValueField, 400, 'validation_failed', { paths: ['body.valueField'] });
      expectError(noQuery, 400, 'validation_failed', { paths: ['body'] });
      await expectUnchanged(admin, '/metrics/won', before);
    });

    it('honours a matching If-Match and answers 412 precondition_failed to a stale one', async () => {
      // Prepare
      const admin = await withMetric();
      const matching = await admin.patch('/metrics/won', { name: 'First rename' }, { 'if-match': '"1"' });
      const before = await snapshot(admin, '/metrics/won');

      // Act
      const stale = await admin.patch('/metrics/won', { name: 'Second rename' }, { 'if-match': '"1"' });
      const weak = await admin.patch('/metrics/won', { name: 'Weak rename' }, { 'if-match': 'W/"1"' });

      // Assess
      expect(matching.status).toBe(200);
      expectError(stale, 412, 'precondition_failed');
      expectError(weak, 412, 'precondition_failed');
      await expectUnchanged(admin, '/metrics/won', before);
    });

    it("answers 404 not_found to an unknown id and to another tenant's metric, changing nothing", async () => {
      // Prepare
      const first = await withMetric();
      const before = await snapshot(first, '/metrics/won');
      const second = await freshAdmin();

      // Act
      const unknown = await first.patch('/metrics/nope', { name: 'Nope' });
      const foreign = await second.patch('/metrics/won', { name: 'Hijacked' });

      // Assess
      expectError(unknown, 404, 'not_found');
      expectError(foreign, 404, 'not_found');
      await expectUnchanged(first, '/metrics/won', before);
      expectError(await second.get('/metrics/won'), 404, 'not_found');
    });

  });

  describe('DELETE /metrics/{id}', () => {
    it('deletes an unused metric with 204; it is gone afterwards', async () => {
      // Prepare
      const admin = await withMetric();

      // Act
      const response = await admin.delete('/metrics/won', { 'if-match': '"1"' });

      // Assess
      expect(response.status).toBe(204);
      expect(response.body).toBeUndefined();
      expectError(await admin.get('/metrics/won'), 404, 'not_found');
      expect((await admin.get('/metrics')).body.items).toEqual([]);
    });

    it('answers 409 conflict while a goal uses the metric, and deletes it once the goal is gone', async () => {
      // Prepare
      const admin = await withMetric();
      const goal = await goalOn(admin, 'won');
      expect(goal.status).toBe(201);
      const before = await snapshot(admin, '/metrics/won');

      // Act
      const refused = await admin.delete('/metrics/won');
      const afterRefusal = await snapshot(admin, '/metrics/won');
      expect((await admin.delete(`/goals/${goal.body.id}`)).status).toBe(204);
      const accepted = await admin.delete('/metrics/won');

      // Assess
      expectError(refused, 409, 'conflict');
      expect(afterRefusal).toEqual(before);
      expect(accepted.status).toBe(204);
    });

    it("answers 404 not_found to an unknown id and to another tenant's metric, deleting nothing", async () => {
      // Prepare
      const first = await withMetric();
      const before = await snapshot(first, '/metrics/won');
      const second = await freshAdmin();

      // Act
      const unknown = await second.delete('/metrics/nope');
      const foreign = await second.delete('/metrics/won');

      // Assess
      expectError(unknown, 404, 'not_found');
      expectError(foreign, 404, 'not_found');
      await expectUnchanged(first, '/metrics/won', before);
    });

  });

  describe('POST /metrics/preview', () => {
    /** An admin of a tenant of its own with Ann (team A) and deals of hers: won in USD and EUR, open in USD. */
    async function withDeals(): Promise<ApiClient> {
      const admin = await freshAdmin();
      await admin.put('/settings', { timezone: 'Europe/Oslo' });
      await admin.put('/units/team-a', { name: 'Team A', kind: 'team' });
      await admin.put('/users/ann', { name: 'Ann', role: 'member', memberships: [{ unitId: 'team-a' }] });
      const deal = (id: string, status: string, amount: string, currency: string, at: string) =>
        ({ recordType: 'deal', id, ownerId: 'ann', updatedAt: at, status, amount, currency, closedAt: at, expectedCloseAt: at });
      const batch = await admin.post('/records/batch', { records: [
        deal('won-usd', 'won', '1200.50', 'USD', '2026-03-10T10:00:00Z'),
        deal('won-usd-small', 'won', '99.00', 'USD', '2026-03-11T10:00:00Z'),
        deal('won-eur', 'won', '300.00', 'EUR', '2026-03-12T10:00:00Z'),
        deal('open-usd', 'open', '50.25', 'USD', '2026-03-20T10:00:00Z'),
        deal('lost-usd', 'lost', '70.00', 'USD', '2026-03-21T10:00:00Z'),
      ] });
      expect(batch.status).toBe(200);
      return admin;
    }
    /** A preview with its record ids in one order (records are read in parallel pages: their order varies). */
    const sorted = (preview: { recordIds: string[] }) => ({ ...preview, recordIds: [...preview.recordIds].sort() });
    const scope = { period: { granularity: 'quarter', anchor: '2026-02-01' }, owner: { type: 'team', id: 'team-a' } };
    const bigWins = { ...wonDeals, currency: 'USD', actual: { where: { all: [{ field: 'status', op: 'eq', value: 'won' }, { field: 'amount', op: 'gte', value: 100 }] } } };

    it('previews a template and currency without storing anything, answering what saving it and previewing it by id answers', async () => {
      // Prepare
      const admin = await withDeals();

      // Act
      const unsaved = await admin.post('/metrics/preview', { metric: { template: 'revenue', currency: 'USD' }, ...scope });

      // Assess
      expect(unsaved.status).toBe(200);
      expect(unsaved.body).toMatchObject({ metricId: null, period: { start: '2026-01-01', end: '2026-03-31' }, actual: '1299.50', inProgress: '50.25', custom: null, matchingRecords: 3, skippedRecords: 1 });
      expect([...unsaved.body.recordIds].sort()).toEqual(['open-usd', 'won-usd', 'won-usd-small']);
      expect((await admin.get('/metrics')).body.items).toEqual([]);
      const saved = await admin.post('/metrics', { template: 'revenue', currency: 'USD' });
      const byId = await admin.post(`/metrics/${saved.body.id}/preview`, scope);
      expect(byId.status).toBe(200);
      expect(sorted(unsaved.body)).toEqual(sorted({ ...byId.body, metricId: null }));
    });

    it('previews a full definition as the same definition saved answers, for a manager of the owner too', async () => {
      // Prepare
      const admin = await withDeals();
      await admin.put('/users/mgr', { name: 'Mgr', role: 'manager', memberships: [] });
      await admin.put('/units/team-a', { name: 'Team A', kind: 'team', managerIds: ['mgr'] });
      const manager = await api.as('manager', { tenant: admin.tenant, user: 'mgr' });

      // Act
      const unsaved = await manager.post('/metrics/preview', { metric: bigWins, ...scope });

      // Assess
      expect(unsaved.status, JSON.stringify(unsaved.body)).toBe(200);
      expect(unsaved.body).toMatchObject({ metricId: null, actual: '1200.50', inProgress: null, matchingRecords: 1, recordIds: ['won-usd'] });
      expect((await admin.get('/metrics')).body.items).toEqual([]);
      expect((await admin.post('/metrics', { id: 'big', ...bigWins })).status).toBe(201);
      expect(sorted(unsaved.body)).toEqual(sorted({ ...(await admin.post('/metrics/big/preview', scope)).body, metricId: null }));
    });

    it('answers 400 validation_failed naming the definition\'s fields under body.metric, and refuses members with 403', async () => {
      // Prepare
      const admin = await withDeals();
      const member = await api.as('member', { tenant: admin.tenant, user: 'ann' });

      // Act
      const badField = await admin.post('/metrics/preview', { metric: { ...bigWins, kind: 'sum', recordType: 'deal/x' }, ...scope });
      const badRule = await admin.post('/metrics/preview', { metric: { ...bigWins, kind: 'count', valueField: null }, ...scope });
      const badCondition = await admin.post('/metrics/preview', { metric: { ...bigWins, actual: { where: { all: [{ field: 'status', op: 'in', value: 'won' }] } } }, ...scope });
      const refused = await member.post('/metrics/preview', { metric: bigWins, ...scope });

      // Assess
      expectError(badField, 400, 'validation_failed', { paths: ['body.metric.kind', 'body.metric.recordType'] });
      expectError(badRule, 400, 'validation_failed', { paths: ['body.metric.dataType'] });
      expectError(badCondition, 400, 'validation_failed', { paths: ['body.metric.actual.where.all.0.value'] });
      expectError(refused, 403, 'forbidden');
      expect((await admin.get('/metrics')).body.items).toEqual([]);
    });
  });
});
