import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, uniqueTenant, type ApiClient, type TestApi } from '../support/api.ts';
import { aliceInput } from '../support/org-fixtures.ts';
import { expectError, expectUnchanged, listAll, snapshot } from './expect-api.ts';

const alice = aliceInput;

describe('users', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  /** An admin of a tenant of its own with the units `org`, `team-a` and `team-b`. */
  async function organization(): Promise<ApiClient> {
    const admin = await api.as('admin', { tenant: uniqueTenant('users') });
    expect((await admin.put('/units/org', { name: 'Acme', kind: 'organization' })).status).toBe(201);
    expect((await admin.put('/units/team-a', { name: 'Team A', kind: 'team', parentId: 'org' })).status).toBe(201);
    expect((await admin.put('/units/team-b', { name: 'Team B', kind: 'team', parentId: 'org' })).status).toBe(201);
    return admin;
  }

  /** An organization with the user `alice`. */
  async function withAlice(): Promise<ApiClient> {
    const admin = await organization();
    expect((await admin.put('/users/alice', alice)).status).toBe(201);
    return admin;
  }

  describe('PUT /users/{id}', () => {
    it('creates a user with 201, version 1 and ETag "1", and GET returns it', async () => {
      // Prepare
      const admin = await organization();

      // Act
      const response = await admin.put('/users/alice', alice);

      // Assess
      const user = {
        ...alice,
        id: 'alice',
        memberships: [
          { unitId: 'team-a', from: '2025-01-01', to: '2025-12-31' },
          { unitId: 'team-b', from: '2026-01-01', to: null },
        ],
        version: 1,
      };
      expect(response.status).toBe(201);
      expect(response.body).toEqual(user);
      expect(response.headers.get('etag')).toBe('"1"');
      const stored = await admin.get('/users/alice');
      expect(stored.status).toBe(200);
      expect(stored.body).toEqual(user);
      expect(stored.headers.get('etag')).toBe('"1"');
    });

    it('replaces an existing user with 200 and the next version, deactivated users included', async () => {
      // Prepare
      const admin = await withAlice();

      // Act
      const response = await admin.put('/users/alice', { name: 'Alice Former', role: 'member', active: false, memberships: [{ unitId: 'team-a', to: '2026-03-31' }] });

      // Assess
      const user = {
        id: 'alice',
        name: 'Alice Former',
        email: null,
        role: 'member',
        active: false,
        zones: [],
        memberships: [{ unitId: 'team-a', from: null, to: '2026-03-31' }],
        canLockTargets: false,
        version: 2,
      };
      expect(response.status).toBe(200);
      expect(response.body).toEqual(user);
      expect(response.headers.get('etag')).toBe('"2"');
      expect((await admin.get('/users/alice')).body).toEqual(user);
    });

    it('honours a matching If-Match and answers 412 precondition_failed to a stale one', async () => {
      // Prepare
      const admin = await withAlice();
      const matching = await admin.put('/users/alice', { ...alice, name: 'Alice A.' }, { 'if-match': '"1"' });
      const before = await snapshot(admin, '/users/alice');

      // Act
      const stale = await admin.put('/users/alice', { ...alice, name: 'Alice B.' }, { 'if-match': '"1"' });

      // Assess
      expect(matching.status).toBe(200);
      expect(matching.body.version).toBe(2);
      expectError(stale, 412, 'precondition_failed');
      await expectUnchanged(admin, '/users/alice', before);
    });

    it('answers 400 validation_failed to a membership that ends before it starts or to dates that do not exist', async () => {
      // Prepare
      const admin = await withAlice();
      const before = await snapshot(admin, '/users/alice');

      // Act
      const response = await admin.put('/users/alice', {
        ...alice,
        memberships: [
          { unitId: 'team-a', from: '2026-02-01', to: '2026-01-31' },
          { unitId: 'team-b', from: '2026-02-30' },
          { unitId: 'team-b', to: '2026-1-5' },
        ],
      });

      // Assess
      expectError(response, 400, 'validation_failed');
      const paths = new Set(response.body.error.details.map((d: { path: string }) => d.path));
      expect([...paths].sort()).toEqual(['body.memberships.0.to', 'body.memberships.1.from', 'body.memberships.2.to']);
      await expectUnchanged(admin, '/users/alice', before);
    });

    it('accepts a one-day membership whose from equals to', async () => {
      // Prepare
      const admin = await organization();

      // Act
      const response = await admin.put('/users/eve', { name: 'Eve', role: 'member', memberships: [{ unitId: 'team-a', from: '2026-05-01', to: '2026-05-01' }] });

      // Assess
      expect(response.status).toBe(201);
      expect(response.body.memberships).toEqual([{ unitId: 'team-a', from: '2026-05-01', to: '2026-05-01' }]);
    });

    it('answers 400 validation_failed with one detail per problem, unknown fields listed one by one', async () => {
      // Prepare
      const admin = await withAlice();
      const before = await snapshot(admin, '/users/alice');

      // Act
      const response = await admin.put('/users/alice', {
        name: ' ',
        email: 'not-an-email',
        role: 'owner',
        active: 'yes',
        zones: [''],
        memberships: [{ unitId: 'team-a', since: '2026-01-01' }],
        canLockTargets: 1,
        phone: '555',
        id: 'alice',
      });

      // Assess
      expectError(response, 400, 'validation_failed', {
        paths: [
          'body.name',
          'body.email',
          'body.role',
          'body.active',
          'body.zones.0',
          'body.memberships.0.since',
          'body.canLockTargets',
          'body.phone',
          'body.id',
        ],
      });
      await expectUnchanged(admin, '/users/alice', before);
    });

    it('answers 400 validation_failed when name, role or memberships is missing', async () => {
      // Prepare
      const admin = await organization();

      // Act
      const response = await admin.put('/users/frank', { email: 'frank@example.com' });

      // Assess
      expectError(response, 400, 'validation_failed', { paths: ['body.name', 'body.role', 'body.memberships'] });
      expectError(await admin.get('/users/frank'), 404, 'not_found');
    });

    it('answers 400 validation_failed to an id outside the id pattern', async () => {
      // Prepare
      const admin = await organization();

      // Act
      const response = await admin.put('/users/a%2Fb', { name: 'Slash', role: 'member', memberships: [] });

      // Assess
      expectError(response, 400, 'validation_failed', { paths: ['params.id'] });
      expect((await admin.get('/users')).body.items).toEqual([]);
    });
  });

  describe('GET /users/{id}', () => {
    it('answers 404 not_found to an unknown id and to an id of another tenant', async () => {
      // Prepare
      await withAlice();
      const other = await organization();

      // Act
      const unknown = await other.get('/users/nobody');
      const foreign = await other.get('/users/alice');

      // Assess
      expectError(unknown, 404, 'not_found');
      expectError(foreign, 404, 'not_found');
    });

    it('answers 400 validation_failed to a malformed id', async () => {
      // Prepare
      const admin = await withAlice();

      // Act
      const response = await admin.get(`/users/${'x'.repeat(129)}`);

      // Assess
      expectError(response, 400, 'validation_failed', { paths: ['params.id'] });
    });
  });

  describe('GET /users', () => {
    it("lists the tenant's users and none of another tenant's", async () => {
      // Prepare
      await withAlice();
      const admin = await organization();
      await admin.put('/users/bob', { name: 'Bob', role: 'manager', memberships: [{ unitId: 'team-a' }] });

      // Act
      const response = await admin.get('/users');

      // Assess
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        items: [
          {
            id: 'bob',
            name: 'Bob',
            email: null,
            role: 'manager',
            active: true,
            zones: [],
            memberships: [{ unitId: 'team-a', from: null, to: null }],
            canLockTargets: false,
            version: 1,
          },
        ],
        nextCursor: null,
      });
    });

    it('pages with limit and cursor, every user exactly once', async () => {
      // Prepare
      const admin = await organization();
      const ids = ['u-1', 'u-2', 'u-3', 'u-4', 'u-5'];
      for (const id of ids) await admin.put(`/users/${id}`, { name: id, role: 'member', memberships: [{ unitId: 'team-a' }] });

      // Act
      const first = await admin.get('/users?limit=2');
      const all = await listAll(admin, '/users', 2);

      // Assess
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      expect(all.pages).toBeGreaterThanOrEqual(3);
      expect(all.items.map((u: { id: string }) => u.id).sort()).toEqual(ids);
    });

    it('answers 400 validation_failed to a limit outside 1–500, a bad cursor and unknown query parameters', async () => {
      // Prepare
      const admin = await withAlice();

      // Act
      const zero = await admin.get('/users?limit=0');
      const tooMany = await admin.get('/users?limit=501');
      const cursor = await admin.get('/users?cursor=%7B%7D');
      const unknown = await admin.get('/users?role=member');

      // Assess
      expectError(zero, 400, 'validation_failed', { paths: ['query.limit'] });
      expectError(tooMany, 400, 'validation_failed', { paths: ['query.limit'] });
      expectError(cursor, 400, 'validation_failed', { paths: ['query.cursor'] });
      expectError(unknown, 400, 'validation_failed', { paths: ['query.role'] });
    });
  });
});
