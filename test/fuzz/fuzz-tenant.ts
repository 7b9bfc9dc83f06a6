import { SignJWT } from 'jose';
import { expect } from 'vitest';
import { inProcessRollups } from '../support/in-process-rollups.ts';
import { devTokenIssuer, signDevToken } from '../../infra/local/dev-token.ts';
import { send, startTestApi, uniqueTenant, type ApiResponse, type Role, type TestApi } from '../support/api.ts';

const secret = process.env.ATTAIN_DEV_SECRET ?? 'attain-local-dev-secret';

/** A tenant seeded through the API; every id and name carries `prefix`, so a leak is recognisable. */
export interface SeededTenant {
  readonly tenant: string;
  readonly prefix: string;
  readonly units: { org: string; dept: string; team: string };
  readonly users: { ann: string; bob: string; manager: string };
  readonly metrics: { revenue: string; deals: string };
  readonly goals: { org: string; team: string; ann: string; bob: string; locked: string };
  readonly record: { recordType: string; id: string };
  /** The one currency the tenant has exchange rates for (the other tenant's is another). */
  readonly currency: string;
  readonly runId: string;
  /** Strings that only this tenant's data contains. */
  readonly markers: readonly string[];
  readonly adminToken: string;
}

/** Every way the fuzz presents (or fails to present) a bearer token. */
export const tokenKinds = [
  'admin', 'manager', 'member', 'integration', 'other-tenant-admin', 'other-tenant-member',
  'missing', 'empty-bearer', 'basic', 'garbage', 'forged-signature', 'tampered-tenant', 'expired', 'not-yet-valid', 'alg-none',
  'hs512', 'missing-tenant', 'missing-role', 'unknown-role', 'bad-tenant-id', 'missing-sub', 'wrong-issuer', 'missing-exp', 'two-tokens',
] as const;
export type TokenKind = (typeof tokenKinds)[number];
/** The kinds the gateway must answer with 401 on every authenticated route. */
export const refusedTokenKinds: readonly TokenKind[] = tokenKinds.slice(6);

export interface FuzzWorld {
  readonly api: TestApi;
  readonly url: string;
  readonly main: SeededTenant;
  readonly other: SeededTenant;
  /** The `Authorization` header value per kind (undefined: none sent). */
  readonly authorization: Readonly<Record<TokenKind, string | undefined>>;
  /** The tenant a kind's (valid) token acts in. */
  readonly tenantOf: Readonly<Partial<Record<TokenKind, SeededTenant>>>;
  close(): Promise<void>;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function sign(claims: Record<string, unknown>, options: { alg?: string; key?: string; issuer?: string; exp?: number | null; nbf?: number } = {}) {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' }).setIssuer(options.issuer ?? devTokenIssuer).setIssuedAt(now);
  if (options.exp !== null) jwt = jwt.setExpirationTime(options.exp ?? now + 3600);
  if (options.nbf !== undefined) jwt = jwt.setNotBefore(options.nbf);
  return jwt.sign(new TextEncoder().encode(options.key ?? secret));
}

export async function authorizations(main: string, other: string): Promise<Record<TokenKind, string | undefined>> {
  const token = (role: Role, tenant = main) => signDevToken({ sub: `u-${role}`, tenant, role }, { secret });
  const admin = await token('admin');
  const [header, payload, signature] = admin.split('.') as [string, string, string];
  const tampered = `${header}.${b64({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), tenant: other })}.${signature}`;
  const now = Math.floor(Date.now() / 1000);
  const bearer = (t: string) => `Bearer ${t}`;
  return {
    admin: bearer(admin),
    manager: bearer(await token('manager')),
    member: bearer(await token('member')),
    integration: bearer(await token('integration')),
    'other-tenant-admin': bearer(await token('admin', other)),
    'other-tenant-member': bearer(await token('member', other)),
    missing: undefined,
    'empty-bearer': 'Bearer ',
    basic: `Basic ${Buffer.from('admin:admin').toString('base64')}`,
    garbage: 'Bearer abc.def.ghi',
    'forged-signature': bearer(await sign({ sub: 'u-admin', tenant: main, role: 'admin' }, { key: 'not-the-secret' })),
    'tampered-tenant': bearer(tampered),
    expired: bearer(await sign({ sub: 'u-admin', tenant: main, role: 'admin' }, { exp: now - 60 })),
    'not-yet-valid': bearer(await sign({ sub: 'u-admin', tenant: main, role: 'admin' }, { nbf: now + 3600 })),
    'alg-none': bearer(`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'u-admin', tenant: main, role: 'admin', iss: devTokenIssuer, exp: now + 3600 })}.`),
    hs512: bearer(await sign({ sub: 'u-admin', tenant: main, role: 'admin' }, { alg: 'HS512' })),
    'missing-tenant': bearer(await sign({ sub: 'u-admin', role: 'admin' })),
    'missing-role': bearer(await sign({ sub: 'u-admin', tenant: main })),
    'unknown-role': bearer(await sign({ sub: 'u-admin', tenant: main, role: 'root' })),
    'bad-tenant-id': bearer(await sign({ sub: 'u-admin', tenant: `${main}/../${other}`, role: 'admin' })),
    'missing-sub': bearer(await sign({ tenant: main, role: 'admin' })),
    'wrong-issuer': bearer(await sign({ sub: 'u-admin', tenant: main, role: 'admin' }, { issuer: 'someone-else' })),
    'missing-exp': bearer(await sign({ sub: 'u-admin', tenant: main, role: 'admin' }, { exp: null })),
    'two-tokens': `Bearer ${admin} ${admin}`,
  };
}

async function ok(response: Promise<ApiResponse>, what: string): Promise<ApiResponse> {
  const answer = await response;
  expect(answer.status, `${what}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
  return answer;
}

/** Seeds a tenant the way an admin would, ending with a succeeded rollup so result routes have data. */
async function seedTenant(url: string, prefix: string, currency: string): Promise<SeededTenant> {
  const tenant = uniqueTenant(prefix);
  const adminToken = await signDevToken({ sub: 'u-admin', tenant, role: 'admin' }, { secret });
  const call = (method: string, path: string, body?: unknown) => ok(send(url, method, path, adminToken, body), `${method} ${path}`);
  const id = (name: string) => `${prefix}-${name}`;
  const secretName = `${prefix.toUpperCase()}-SECRET-NAME`;
  const units = { org: id('org'), dept: id('dept'), team: id('team') };
  const users = { ann: id('ann'), bob: id('bob'), manager: 'u-manager' };
  const metrics = { revenue: id('rev'), deals: id('deals') };
  const goals = { org: id('g-org'), team: id('g-team'), ann: id('g-ann'), bob: id('g-bob'), locked: id('g-locked') };
  const record = { recordType: 'deal', id: id('deal-1') };
  const year = new Date().getUTCFullYear();

  await call('PUT', '/settings', { timezone: 'Europe/Oslo', defaultCurrency: 'EUR', stopRollupDaysAfterEnd: 400 });
  await call('PUT', `/units/${units.org}`, { name: `${secretName} org`, kind: 'organization' });
  await call('PUT', `/units/${units.dept}`, { name: `${secretName} dept`, kind: 'department', parentId: units.org });
  await call('PUT', `/units/${units.team}`, { name: `${secretName} team`, kind: 'team', parentId: units.dept, managerIds: [users.manager] });
  await call('PUT', `/users/${users.ann}`, { name: `${secretName} Ann`, email: `${prefix}-ann@example.com`, role: 'member', zones: ['north'], memberships: [{ unitId: units.team }] });
  await call('PUT', `/users/${users.bob}`, { name: `${secretName} Bob`, role: 'member', memberships: [{ unitId: units.team, from: `${year - 1}-01-01` }] });
  await call('PUT', `/users/${users.manager}`, { name: `${secretName} Manager`, role: 'manager', memberships: [{ unitId: units.dept }], canLockTargets: true });
  await call('PUT', `/exchange-rates/${currency}`, { rates: [{ from: `${year - 1}-01-01`, rate: '1.0825' }, { from: `${year}-01-01`, rate: '1.0790' }] });
  await call('POST', '/metrics', { template: 'revenue', id: metrics.revenue, name: `${secretName} revenue` });
  await call('POST', '/metrics', { template: 'deal-count', id: metrics.deals });
  const period = { start: `${year}-01-01`, end: `${year}-12-31` };
  const goal = (goalId: string, owner: { type: string; id: string }, extra: Record<string, unknown> = {}) =>
    call('POST', '/goals', { id: goalId, name: `${secretName} ${goalId}`, metricId: metrics.revenue, owner, period, target: '1000.00', ...extra });
  await goal(goals.org, { type: 'organization', id: units.org });
  await goal(goals.team, { type: 'team', id: units.team }, { rollupMode: 'children', filter: { field: 'zone', op: 'in', value: ['north'] } });
  await goal(goals.ann, { type: 'user', id: users.ann }, { parentId: goals.team, bonus: { amount: '100.00', currency: 'EUR' } });
  await goal(goals.bob, { type: 'user', id: users.bob }, { parentId: goals.team, stretchTarget: '1500.00' });
  await goal(goals.locked, { type: 'user', id: users.bob });
  await call('POST', `/goals/${goals.locked}/lock`);
  const at = `${year}-01-15T10:00:00+01:00`;
  await call('PUT', `/records/${record.recordType}/${record.id}`, { ownerId: users.ann, updatedAt: at, status: 'won', amount: '250.00', currency: 'EUR', closedAt: at, zone: 'north', note: secretName });
  await call('POST', '/records/batch', { records: [{ recordType: 'deal', id: id('deal-2'), ownerId: users.bob, updatedAt: at, status: 'open', amount: 99.5, currency: 'EUR', closedAt: at, expectedCloseAt: at }] });

  const trigger = await call('POST', '/rollups');
  const runId = trigger.body.runId as string;
  for (let i = 0; ; i++) {
    const run = await call('GET', `/rollups/${runId}`);
    if (run.body.status === 'succeeded') break;
    expect(run.body.status, JSON.stringify(run.body)).not.toBe('failed');
    expect(i).toBeLessThan(400);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const markers = [tenant, secretName, ...Object.values(units), users.ann, users.bob, ...Object.values(metrics), ...Object.values(goals), record.id, runId];
  return { tenant, prefix, units, users, metrics, goals, record, currency, runId, markers, adminToken };
}

/** The local gateway with two seeded tenants: `main`, which the fuzz attacks, and `other`, which it must never reach. */
export async function startFuzzWorld(): Promise<FuzzWorld> {
  const background: Promise<unknown>[] = [];
  // Rollups run in this process, as the worker Lambda would run them.
  // The API alone: a path a client resolves to `/` (e.g. `/units/.%2e`) must meet the API's 404, not the page.
  const api = await startTestApi({ webRoot: false, ports: inProcessRollups({ background: (run) => void background.push(run) }) });
  const [main, other] = await Promise.all([seedTenant(api.url, 'mainx', 'USD'), seedTenant(api.url, 'othx', 'GBP')]);
  const authorization = await authorizations(main.tenant, other.tenant);
  const tenantOf: Partial<Record<TokenKind, SeededTenant>> = {
    admin: main, manager: main, member: main, integration: main, 'other-tenant-admin': other, 'other-tenant-member': other,
  };
  return {
    api,
    url: api.url,
    main,
    other,
    authorization,
    tenantOf,
    async close() {
      await Promise.allSettled(background);
      await api.close();
    },
  };
}

/** What the tenant's admin can read of everything a request could change. */
export async function tenantState(world: FuzzWorld, tenant: SeededTenant): Promise<Record<string, unknown>> {
  const paths = [
    '/settings', '/exchange-rates?limit=500', '/units?limit=500', '/users?limit=500', '/metrics?limit=500', '/goals?limit=500', '/rollups?limit=500',
    `/records/${tenant.record.recordType}/${tenant.record.id}`, `/records/deal/${tenant.prefix}-deal-2`,
    `/goals/${tenant.goals.team}/tree`, `/goals/${tenant.goals.ann}/progress`,
  ];
  const entries = await Promise.all(
    paths.map(async (path) => {
      const response = await send(world.url, 'GET', path, tenant.adminToken);
      return [path, { status: response.status, body: storedPart(response.body) }] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * A response without what a read derives at its own instant (progress's `asOf` and `pace`, the
 * settings' `nextRuns`): what is left is what the tenant has stored, which no refused request may
 * change.
 */
function storedPart(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(storedPart);
  if (body === null || typeof body !== 'object') return body;
  const { asOf: _asOf, pace: _pace, ...rest } = body as Record<string, unknown>;
  const { nextRuns: _nextRuns, ...kept } = 'goalId' in rest && 'percent' in rest ? rest : (body as Record<string, unknown>);
  return Object.fromEntries(Object.entries(kept).map(([key, value]) => [key, storedPart(value)]));
}
