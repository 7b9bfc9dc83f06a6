import fc from 'fast-check';
import { metricTemplateIds } from '../../functions/use-cases/metrics/templates.ts';
import type { BodySpec, Draft, FieldSpec, RouteSpec } from './fuzz-requests.ts';
import type { FuzzWorld, SeededTenant } from './fuzz-tenant.ts';

const req = (kind: FieldSpec['kind'], extra: Partial<FieldSpec> = {}): FieldSpec => ({ kind, required: true, ...extra });
const opt = (kind: FieldSpec['kind'], extra: Partial<FieldSpec> = {}): FieldSpec => ({ kind, ...extra });
const seg = (id: string) => ({ text: encodeURIComponent(id) });
const json = (value: unknown) => ({ kind: 'json' as const, value });

const list = { limit: { kind: 'limit' as const }, cursor: { kind: 'cursor' as const } };
const ownerTypes = { enum: ['user', 'team', 'department', 'organization'] } as const;

const settingsBody: BodySpec = {
  fields: {
    timezone: opt('timezone'), fiscalYearStartMonth: opt({ int: [1, 12] }), weekStartsOn: opt({ int: [1, 7] }), defaultCurrency: opt('currency'),
    paceTolerancePercent: opt({ num: [0, 100] }), rollupSchedule: opt('cron'), stopRollupDaysAfterEnd: opt({ int: [0, 3650] }),
  },
};
const unitBody: BodySpec = { fields: { name: req('name'), kind: req({ enum: ['organization', 'department', 'team'] }), parentId: opt('id', { nullable: true }), managerIds: opt('ids') } };
const userBody: BodySpec = {
  fields: {
    name: req('name'), email: opt('email', { nullable: true }), role: req({ enum: ['admin', 'manager', 'member', 'integration'] }), active: opt('bool'),
    zones: opt('zones'), memberships: req('memberships'), canLockTargets: opt('bool'),
  },
};
const metricDefinition = (required: boolean): BodySpec => {
  const field = required ? req : opt;
  return {
    fields: {
      ...(required ? { id: opt('id') } : {}),
      name: field('name'), kind: field({ enum: ['count', 'amount'] }), dataType: field({ enum: ['money', 'integer', 'decimal'] }), currency: opt('currency', { nullable: true }),
      currencyMode: opt({ enum: ['only', 'convert'] }, { nullable: true }),
      recordType: field('id'), dateField: field('fieldName', { nullable: true }), valueField: opt('fieldName', { nullable: true }),
      actual: opt('rollupQuery', { nullable: true }), inProgress: opt('rollupQuery', { nullable: true }), custom: opt('rollupQuery', { nullable: true }),
    },
  };
};
const metricTemplate: BodySpec = { fields: { template: req({ enum: metricTemplateIds }), id: opt('id'), name: opt('name'), currency: opt('currency'), currencyMode: opt({ enum: ['only', 'convert'] }) } };
const recordBody: BodySpec = { fields: { ownerId: req('id'), updatedAt: req('instant'), splits: opt('splits', { nullable: true }) }, record: true };
const batchEntry: BodySpec = { fields: { recordType: req('id'), id: req('id'), ...recordBody.fields }, record: true };
const goalFields = (required: boolean): BodySpec['fields'] => {
  const field = required ? req : opt;
  return {
    ...(required ? { id: opt('id') } : {}),
    name: field('name'), description: opt('description'), metricId: field('id'), owner: field('owner'), period: field('period'), target: field('target'),
    stretchTarget: opt('target', { nullable: true }), parentId: opt('id', { nullable: true }), rollupMode: opt({ enum: ['owner', 'children', 'owner_and_children'] }),
    filter: opt('condition', { nullable: true }), bonus: opt('bonus', { nullable: true }),
  };
};

const ids = (t: SeededTenant) => ({
  unit: Object.values(t.units),
  user: [t.users.ann, t.users.bob],
  metric: Object.values(t.metrics),
  goal: Object.values(t.goals),
  recordType: [t.record.recordType],
  record: [t.record.id],
  run: [t.runId],
  currency: [t.currency],
});

/** The fuzz's description of every route of the route table. */
export function routeSpecs(world: FuzzWorld): RouteSpec[] {
  const main = ids(world.main);
  const other = ids(world.other);
  // Record types are shared words; the other tenant's record lives under a type this tenant lacks.
  other.recordType = [`${world.other.prefix}-type`];
  const param = (name: keyof typeof main) => ({ existing: main[name], foreign: other[name] });
  const m = world.main;
  // Currency codes are ISO 4217 codes, never edgy ids; the well-formed ones have no rates in either tenant.
  const currencyParam = { ...param('currency'), wellFormed: ['JPY', 'BHD', 'CLF', 'XCG'] };
  const refused = (...drafts: Partial<Draft>[]) => fc.constantFrom(...drafts);

  return [
    { key: 'GET /health', write: false },
    { key: 'GET /openapi.json', write: false },

    { key: 'GET /settings', write: false },
    { key: 'PUT /settings', write: true, body: settingsBody, ifMatch: true },

    { key: 'GET /exchange-rates', write: false, query: list },
    { key: 'GET /exchange-rates/{currency}', write: false, params: { currency: currencyParam } },
    {
      key: 'PUT /exchange-rates/{currency}', write: true, params: { currency: currencyParam }, body: { fields: { rates: req('rates') } }, ifMatch: true,
      // The default currency (EUR in both tenants) is worth 1 on every date: no rates of its own.
      refused: refused({ segments: { currency: seg('EUR') }, body: json({ rates: [{ from: '2026-01-01', rate: '1' }] }) }),
    },
    { key: 'DELETE /exchange-rates/{currency}', write: true, params: { currency: currencyParam }, missingIs404: true, ifMatch: true },

    { key: 'GET /units', write: false, query: list },
    { key: 'GET /units/{id}', write: false, params: { id: param('unit') } },
    {
      key: 'PUT /units/{id}', write: true, params: { id: param('unit') }, body: unitBody, ifMatch: true,
      refused: refused(
        { segments: { id: seg(m.units.dept) }, body: json({ name: 'Dept', kind: 'department', parentId: m.units.team }) },
        { segments: { id: seg(m.units.team) }, body: json({ name: 'Team', kind: 'team', parentId: m.units.team }) },
        { segments: { id: seg(m.units.team) }, body: json({ name: 'Team', kind: 'organization', parentId: m.units.dept }) },
        { segments: { id: seg(m.units.team) }, body: json({ name: 'Team', kind: 'department', parentId: m.units.dept }) },
        { segments: { id: seg('new-unit') }, body: json({ name: 'New', kind: 'team', parentId: world.other.units.org }) },
      ),
    },
    {
      key: 'DELETE /units/{id}', write: true, params: { id: param('unit') }, missingIs404: true, ifMatch: true,
      refused: refused(...Object.values(m.units).map((id) => ({ segments: { id: seg(id) } }))),
    },

    { key: 'GET /users', write: false, query: list },
    { key: 'GET /users/{id}', write: false, params: { id: param('user') } },
    {
      key: 'PUT /users/{id}', write: true, params: { id: param('user') }, body: userBody, ifMatch: true,
      refused: refused({ body: json({ name: 'X', role: 'member', memberships: [{ unitId: world.other.units.team }] }) }),
    },

    { key: 'GET /metric-templates', write: false },
    {
      key: 'POST /metrics', write: true, body: [metricTemplate, metricDefinition(true)],
      refused: refused(
        { body: json({ template: 'revenue', id: m.metrics.revenue }) },
        { body: json({ name: 'Bad', kind: 'count', dataType: 'money', currency: 'EUR', recordType: 'deal', dateField: 'closedAt', actual: { where: null } }) },
        { body: json({ name: 'None', kind: 'amount', dataType: 'decimal', recordType: 'deal', dateField: null }) },
      ),
    },
    { key: 'GET /metrics', write: false, query: list },
    { key: 'GET /metrics/{id}', write: false, params: { id: param('metric') } },
    {
      key: 'PATCH /metrics/{id}', write: true, params: { id: param('metric') }, missingIs404: true, body: metricDefinition(false), ifMatch: true,
      refused: refused(
        { segments: { id: seg(m.metrics.revenue) }, body: json({ kind: 'count' }) },
        { segments: { id: seg(m.metrics.revenue) }, body: json({ dataType: 'integer' }) },
        { segments: { id: seg(m.metrics.revenue) }, body: json({ currency: 'USD' }) },
        { segments: { id: seg(m.metrics.revenue) }, body: json({ actual: null, inProgress: null, custom: null }) },
      ),
    },
    {
      key: 'DELETE /metrics/{id}', write: true, params: { id: param('metric') }, missingIs404: true, ifMatch: true,
      refused: refused({ segments: { id: seg(m.metrics.revenue) } }),
    },
    {
      key: 'POST /metrics/{id}/preview', write: false, params: { id: param('metric') },
      body: { fields: { period: req('period'), owner: req('owner') } },
    },
    { key: 'POST /metrics/preview', write: false, body: { fields: { metric: req('metric'), period: req('period'), owner: req('owner') } } },

    { key: 'POST /records/batch', write: true, batch: batchEntry },
    { key: 'PUT /records/{recordType}/{id}', write: true, params: { recordType: param('recordType'), id: param('record') }, body: recordBody },
    { key: 'GET /records/{recordType}/{id}', write: false, params: { recordType: param('recordType'), id: param('record') } },
    { key: 'DELETE /records/{recordType}/{id}', write: true, params: { recordType: param('recordType'), id: param('record') }, missingIs404: true },

    {
      key: 'POST /goals', write: true, body: { fields: goalFields(true) },
      refused: refused(
        { body: json({ id: m.goals.ann, name: 'Dup', metricId: m.metrics.revenue, owner: { type: 'user', id: m.users.ann }, period: { granularity: 'year', anchor: '2026-01-01' }, target: 1 }) },
        { body: json({ name: 'Foreign metric', metricId: world.other.metrics.revenue, owner: { type: 'user', id: m.users.ann }, period: { granularity: 'year', anchor: '2026-01-01' }, target: 1 }) },
        { body: json({ name: 'Foreign owner', metricId: m.metrics.revenue, owner: { type: 'user', id: world.other.users.ann }, period: { granularity: 'year', anchor: '2026-01-01' }, target: 1 }) },
        { body: json({ name: 'Foreign parent', metricId: m.metrics.revenue, owner: { type: 'user', id: m.users.ann }, period: { granularity: 'year', anchor: '2026-01-01' }, target: 1, parentId: world.other.goals.team }) },
        { body: json({ name: 'Wrong kind', metricId: m.metrics.revenue, owner: { type: 'department', id: m.units.team }, period: { granularity: 'year', anchor: '2026-01-01' }, target: 1 }) },
        { body: json({ name: 'Mode', metricId: m.metrics.revenue, owner: { type: 'team', id: m.units.team }, period: { granularity: 'year', anchor: '2026-01-01' }, target: 1, rollupMode: 'owner_and_children' }) },
        { body: json({ name: 'Outside parent', metricId: m.metrics.revenue, owner: { type: 'user', id: m.users.ann }, period: { start: '1990-01-01', end: '1990-12-31' }, target: 1, parentId: m.goals.team }) },
        { body: json({ name: 'Other metric', metricId: m.metrics.deals, owner: { type: 'user', id: m.users.ann }, period: { granularity: 'year', anchor: '2026-01-01' }, target: 1, parentId: m.goals.team }) },
      ),
    },
    {
      key: 'GET /goals', write: false,
      query: { ownerType: { kind: ownerTypes }, ownerId: { kind: 'id' }, parentId: { kind: 'id' }, metricId: { kind: 'id' }, activeOn: { kind: 'date' }, ...list },
    },
    { key: 'GET /goals/{id}', write: false, params: { id: param('goal') } },
    {
      key: 'PATCH /goals/{id}', write: true, params: { id: param('goal') }, missingIs404: true, body: { fields: goalFields(false) }, ifMatch: true,
      refused: refused(
        { segments: { id: seg(m.goals.locked) }, body: json({ target: '5.00' }) },
        { segments: { id: seg(m.goals.locked) }, body: json({ period: { start: '2020-01-01', end: '2020-12-31' } }) },
        { segments: { id: seg(m.goals.locked) }, body: json({ metricId: m.metrics.deals }) },
        { segments: { id: seg(m.goals.team) }, body: json({ parentId: m.goals.ann }) },
        { segments: { id: seg(m.goals.ann) }, body: json({ parentId: m.goals.ann }) },
        { segments: { id: seg(m.goals.ann) }, body: json({ parentId: world.other.goals.team }) },
        { segments: { id: seg(m.goals.ann) }, body: json({ period: { start: '1990-01-01', end: '1990-12-31' } }) },
      ),
    },
    { key: 'DELETE /goals/{id}', write: true, params: { id: param('goal') }, missingIs404: true, ifMatch: true },
    { key: 'POST /goals/{id}/lock', write: true, params: { id: param('goal') }, missingIs404: true, ifMatch: true },
    { key: 'POST /goals/{id}/unlock', write: true, params: { id: param('goal') }, missingIs404: true, ifMatch: true },
    {
      key: 'POST /goals/{id}/cascade', write: true, params: { id: param('goal') }, missingIs404: true,
      body: { fields: { method: req({ enum: ['equal', 'weighted', 'manual'] }), assignees: req('assignees'), weightsFrom: opt({ enum: ['previous-period'] }) } },
      refused: refused(
        { segments: { id: seg(m.goals.team) }, body: json({ method: 'weighted', assignees: [{ owner: { type: 'user', id: m.users.ann } }] }) },
        { segments: { id: seg(m.goals.team) }, body: json({ method: 'manual', assignees: [{ owner: { type: 'user', id: m.users.ann }, weight: 1 }] }) },
        { segments: { id: seg(m.goals.team) }, body: json({ method: 'equal', assignees: [{ owner: { type: 'user', id: m.users.ann } }, { owner: { type: 'user', id: m.users.ann } }] }) },
        { segments: { id: seg(m.goals.team) }, body: json({ method: 'equal', assignees: [{ owner: { type: 'user', id: world.other.users.ann } }] }) },
        { segments: { id: seg(m.goals.team) }, body: json({ method: 'equal', weightsFrom: 'previous-period', assignees: [{ owner: { type: 'user', id: m.users.ann } }] }) },
        { segments: { id: seg(m.goals.team) }, body: json({ method: 'weighted', assignees: [{ owner: { type: 'user', id: m.users.ann }, weight: -1 }, { owner: { type: 'user', id: m.users.bob }, weight: 3 }] }) },
        { segments: { id: seg(m.goals.team) }, body: json({ method: 'equal', assignees: [{ owner: { type: 'user', id: m.users.ann }, weight: '-5' }] }) },
      ),
    },
    {
      key: 'POST /goals/{id}/periods', write: true, params: { id: param('goal') }, missingIs404: true,
      body: { fields: { granularity: req({ enum: ['month', 'quarter', 'week'] }), method: req({ enum: ['equal', 'custom'] }), weights: opt('weights') } },
      refused: refused(
        { segments: { id: seg(m.goals.ann) }, body: json({ granularity: 'quarter', method: 'custom', weights: [1, 2, 3] }) },
        { segments: { id: seg(m.goals.ann) }, body: json({ granularity: 'quarter', method: 'custom' }) },
        { segments: { id: seg(m.goals.ann) }, body: json({ granularity: 'month', method: 'equal', weights: ['-1'] }) },
        { segments: { id: seg(m.goals.ann) }, body: json({ granularity: 'quarter', method: 'custom', weights: [-1, 2, 2, 2] }) },
      ),
    },

    { key: 'GET /goals/{id}/progress', write: false, params: { id: param('goal') } },
    { key: 'GET /goals/{id}/tree', write: false, params: { id: param('goal') }, query: { pending: { kind: { enum: ['include'] } } } },
    { key: 'GET /goals/{id}/history', write: false, params: { id: param('goal') }, query: { from: { kind: 'date' }, to: { kind: 'date' } } },
    { key: 'GET /dashboard', write: false, query: { ownerType: { kind: ownerTypes }, ownerId: { kind: 'id' } } },
    {
      key: 'GET /leaderboard', write: false,
      query: { metricId: { kind: 'id', required: true }, period: { kind: { enum: ['current-week', 'current-month', 'current-quarter', 'current-year'] }, required: true }, unitId: { kind: 'id' }, limit: { kind: { enum: ['5', '10', '20'] } } },
    },

    {
      key: 'POST /rollups', write: true, body: { fields: { goalId: opt('id') } },
      refused: refused({ body: json({ goalId: 'no-such-goal' }) }, { body: json({ goalId: world.other.goals.team }) }, { body: json(null) }),
    },
    { key: 'GET /rollups', write: false, query: list },
    { key: 'GET /rollups/{runId}', write: false, params: { runId: param('run') } },
    { key: 'GET /rollups/{runId}/skipped', write: false, params: { runId: param('run') }, query: list },
  ];
}
