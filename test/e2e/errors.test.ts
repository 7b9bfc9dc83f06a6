import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../infra/local/dev-token.ts';
import { parseRouteKey, routeTable } from '../../functions/api/route-table.ts';
import { send, startTestApi, type ApiClient, type Role, type TestApi } from '../support/api.ts';
import { expectError, oversizedBody, snapshot } from './expect-api.ts';

type Snapshot = Awaited<ReturnType<typeof snapshot>>;

/** A request that would succeed for a writer, per route of the groups under test. */
interface WriteCase {
  key: string;
  path: string;
  body?: unknown;
  /** The roles the contract lets write (API.md; "members/managers write nothing yet"). */
  writers: Role[];
}

const record = { ownerId: 'u-1', updatedAt: '2030-01-01T00:00:00Z', status: 'won' };

const writes: WriteCase[] = [
  { key: 'PUT /settings', path: '/settings', body: { timezone: 'Asia/Tokyo' }, writers: ['admin'] },
  { key: 'PUT /units/{id}', path: '/units/team-a', body: { name: 'Renamed', kind: 'team', parentId: 'org' }, writers: ['admin', 'integration'] },
  { key: 'DELETE /units/{id}', path: '/units/team-a', writers: ['admin', 'integration'] },
  { key: 'PUT /users/{id}', path: '/users/alice', body: { name: 'Renamed', role: 'admin', memberships: [] }, writers: ['admin', 'integration'] },
  { key: 'POST /metrics', path: '/metrics', body: { template: 'revenue', id: 'another' }, writers: ['admin'] },
  { key: 'PATCH /metrics/{id}', path: '/metrics/won', body: { name: 'Renamed' }, writers: ['admin'] },
  { key: 'DELETE /metrics/{id}', path: '/metrics/won', writers: ['admin'] },
  { key: 'PUT /records/{recordType}/{id}', path: '/records/deal/d-1', body: record, writers: ['admin', 'integration'] },
  { key: 'POST /records/batch', path: '/records/batch', body: { records: [{ recordType: 'deal', id: 'd-1', ...record }] }, writers: ['admin', 'integration'] },
  { key: 'DELETE /records/{recordType}/{id}', path: '/records/deal/d-1', writers: ['admin', 'integration'] },
];

const reads = [
  ['GET /settings', '/settings'],
  ['GET /units', '/units'],
  ['GET /units/{id}', '/units/team-a'],
  ['GET /users', '/users'],
  ['GET /users/{id}', '/users/alice'],
  ['GET /metric-templates', '/metric-templates'],
  ['GET /metrics', '/metrics'],
  ['GET /metrics/{id}', '/metrics/won'],
  ['GET /records/{recordType}/{id}', '/records/deal/d-1'],
] as const;

const roles: Role[] = ['admin', 'manager', 'member', 'integration'];

/** Every stored thing the write cases could touch, as a reader sees it. */
const watched = ['/settings', '/units?limit=500', '/units/team-a', '/users?limit=500', '/users/alice', '/metrics?limit=500', '/metrics/won', '/records/deal/d-1'];

/** A concrete path for a route template: every `{param}` becomes `x1`. */
const concretePath = (key: string): string => parseRouteKey(key).path.replace(/\{\w+\}/g, 'x1');

describe('error codes across routes', () => {
  let api: TestApi;
  let admin: ApiClient;
  let before: Snapshot[];

  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.as('admin');
    await admin.put('/settings', { timezone: 'Europe/Oslo' });
    await admin.put('/units/org', { name: 'Acme', kind: 'organization' });
    await admin.put('/units/team-a', { name: 'Team A', kind: 'team', parentId: 'org' });
    await admin.put('/users/alice', { name: 'Alice', role: 'member', memberships: [{ unitId: 'team-a' }] });
    await admin.post('/metrics', { template: 'revenue', id: 'won' });
    await admin.put('/records/deal/d-1', { ...record, updatedAt: '2026-01-01T00:00:00Z' });
    before = await Promise.all(watched.map((path) => snapshot(admin, path)));
  });
  afterAll(() => api.close());

  const expectNothingChanged = async (): Promise<void> => {
    expect(await Promise.all(watched.map((path) => snapshot(admin, path)))).toEqual(before);
  };

  it('covers every write route of the settings, units, users, metrics and records groups', () => {
    // Prepare
    const groups = new Set(['settings', 'units', 'users', 'metrics', 'records']);
    const previews = new Set(['POST /metrics/{id}/preview', 'POST /metrics/preview']);
    const writeKeys = routeTable.filter((r) => groups.has(r.group) && !r.key.startsWith('GET ') && !previews.has(r.key));

    // Assess
    expect(writes.map((w) => w.key).sort()).toEqual(writeKeys.map((r) => r.key).sort());
    expect(reads.map(([key]) => key).sort()).toEqual(routeTable.filter((r) => groups.has(r.group) && r.key.startsWith('GET ')).map((r) => r.key).sort());
  });

  it('answers 401 unauthorized on every protected route without a token, with a foreign token and with a malformed header', async () => {
    // Prepare
    const forged = await signDevToken({ sub: 'u-admin', tenant: admin.tenant, role: 'admin' }, { secret: 'someone-elses-secret' });

    for (const route of routeTable.filter((r) => !r.public)) {
      const { method } = parseRouteKey(route.key);
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};

      // Act
      const missing = await send(api.url, method, concretePath(route.key), undefined, body);
      const foreign = await send(api.url, method, concretePath(route.key), forged, body);
      const basic = await send(api.url, method, concretePath(route.key), undefined, body, { authorization: 'Basic YWRtaW46YWRtaW4=' });

      // Assess
      expectError(missing, 401, 'unauthorized');
      expectError(foreign, 401, 'unauthorized');
      expectError(basic, 401, 'unauthorized');
    }
    await expectNothingChanged();
  });

  // Who may call what (403 vs 404, per role and tenant) is covered route by route in test/e2e/access.test.ts.

  it('answers 400 bad_json to a malformed body on every route that takes one', async () => {
    for (const write of writes.filter((w) => w.body !== undefined)) {
      // Act
      const response = await admin.request(parseRouteKey(write.key).method, write.path, '{"name": "unterminated');

      // Assess
      expectError(response, 400, 'bad_json');
    }
    await expectNothingChanged();
  });

  it('answers 400 validation_failed to a missing body on every route that takes one', async () => {
    for (const write of writes.filter((w) => w.body !== undefined)) {
      // Act
      const response = await admin.request(parseRouteKey(write.key).method, write.path);

      // Assess
      expectError(response, 400, 'validation_failed', { paths: ['body'] });
    }
    await expectNothingChanged();
  });

  it('answers 400 validation_failed naming each unknown field on every closed body', async () => {
    for (const write of writes.filter((w) => w.body !== undefined && !w.key.startsWith('PUT /records'))) {
      // Act
      const response = await admin.request(parseRouteKey(write.key).method, write.path, { ...(write.body as object), zzUnknown: 1 });

      // Assess
      expect(response.status, write.key).toBe(400);
      expectError(response, 400, 'validation_failed');
      expect(response.body.error.details.map((d: { path: string }) => d.path), write.key).toContain('body.zzUnknown');
    }
    await expectNothingChanged();
  });

  it('answers 413 payload_too_large above 256 KiB on every route that takes a body', async () => {
    for (const write of writes.filter((w) => w.body !== undefined)) {
      // Act
      const response = await admin.request(parseRouteKey(write.key).method, write.path, oversizedBody());

      // Assess
      expectError(response, 413, 'payload_too_large');
    }
    await expectNothingChanged();
  });

  it('accepts a body of exactly 256 KiB as far as the size goes', async () => {
    // Prepare: 256 KiB of JSON whose only problem is an unknown field
    const overhead = JSON.stringify({ timezone: 'UTC', pad: '' }).length;
    const body = JSON.stringify({ timezone: 'UTC', pad: 'p'.repeat(256 * 1024 - overhead) });
    expect(Buffer.byteLength(body)).toBe(256 * 1024);

    // Act
    const response = await admin.put('/settings', body);

    // Assess
    expectError(response, 400, 'validation_failed', { paths: ['body.pad'] });
    await expectNothingChanged();
  });

  it('answers 400 validation_failed to an If-Match that is not a version on every versioned write', async () => {
    const versioned = writes.filter((w) => /^(PUT \/settings|PUT \/units|DELETE \/units|PUT \/users|PATCH \/metrics|DELETE \/metrics)/.test(w.key));
    expect(versioned).toHaveLength(6);
    for (const write of versioned) {
      // Act
      const response = await admin.request(parseRouteKey(write.key).method, write.path, write.body, { 'if-match': 'version-one' });

      // Assess
      expectError(response, 400, 'validation_failed', { paths: ['headers.if-match'] });
    }
    await expectNothingChanged();
  });

  it('answers 412 precondition_failed to a stale If-Match on every versioned write', async () => {
    const versioned = writes.filter((w) => /^(PUT \/settings|PUT \/units|DELETE \/units|PUT \/users|PATCH \/metrics|DELETE \/metrics)/.test(w.key));
    for (const write of versioned) {
      // Act
      const response = await admin.request(parseRouteKey(write.key).method, write.path, write.body, { 'if-match': '"99"' });

      // Assess
      expectError(response, 412, 'precondition_failed');
    }
    await expectNothingChanged();
  });

  it('answers 404 not_found in the contract shape to paths and methods outside the route table', async () => {
    // Act
    const unknownPath = await admin.get('/teams');
    const wrongMethod = await admin.request('PATCH', '/units/team-a', { name: 'x' });
    const trailing = await admin.get('/units/team-a/members');

    // Assess
    expectError(unknownPath, 404, 'not_found');
    expectError(wrongMethod, 404, 'not_found');
    expectError(trailing, 404, 'not_found');
    await expectNothingChanged();
  });

  it('never answers an error with a stack trace or an SDK message', async () => {
    // Prepare: inputs that reach deep into validation and storage
    const probes = [
      await admin.put('/records/deal/d-1', { ...record, updatedAt: '9999-99-99T99:99:99Z' }),
      await admin.get(`/units?cursor=${Buffer.from('{"pk":{"S":"x"}}').toString('base64url')}`),
      await admin.post('/metrics', { template: 'revenue', currency: '€' }),
      await admin.put('/units/team-a', { name: 'x'.repeat(201), kind: 'team' }),
    ];

    // Assess
    for (const response of probes) {
      expect(response.status).toBe(400);
      const text = JSON.stringify(response.body);
      expect(text).not.toMatch(/\bat .+\.ts:\d+|Exception|DynamoDB|ValidationException|stack/i);
    }
    await expectNothingChanged();
  });
});
