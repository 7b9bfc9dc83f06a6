import fc from 'fast-check';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payloadText, requestArb } from './fuzz-requests.ts';
import { fire } from './fuzz-runner.ts';
import { authorizations, type FuzzWorld, type SeededTenant } from './fuzz-tenant.ts';
import { routeSpecs } from './route-specs.ts';
import { send } from '../support/api.ts';

/** What a server received. */
interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A tenant shaped as the fuzz seeds one (ids and markers only: nothing here reaches the API). */
function tenant(prefix: string): SeededTenant {
  const id = (name: string) => `${prefix}-${name}`;
  const units = { org: id('org'), dept: id('dept'), team: id('team') };
  const users = { ann: id('ann'), bob: id('bob'), manager: 'u-manager' };
  const metrics = { revenue: id('rev'), deals: id('deals') };
  const goals = { org: id('g-org'), team: id('g-team'), ann: id('g-ann'), bob: id('g-bob'), locked: id('g-locked') };
  const record = { recordType: 'deal', id: id('deal-1') };
  const name = `${prefix}-tenant`;
  return { tenant: name, prefix, units, users, metrics, goals, record, currency: 'USD', runId: id('run'), markers: [name, ...Object.values(units), ...Object.values(goals)], adminToken: '' };
}

describe('the fuzz sends over node:http what the API client sends over fetch', () => {
  const received: Received[] = [];
  // Answers both readers must decode alike: nothing, JSON with a BOM and non-ASCII text, an error.
  const answers = ['', '\uFEFF{"name":"Grüße ✓"}', '{"error":{"code":"validation_failed","message":"x"}}'];
  let answer = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('latin1') });
      res.writeHead(answer === '' ? 204 : 400, answer === '' ? {} : { 'content-type': 'application/json; charset=utf-8' });
      res.end(answer);
    });
  });
  let world: FuzzWorld;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://localhost:${(server.address() as { port: number }).port}`;
    const [main, other] = [tenant('mainx'), tenant('othx')];
    world = { url, main, other, authorization: await authorizations(main.tenant, other.tenant), tenantOf: {} } as unknown as FuzzWorld;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('for requests of every route: the same method, target, headers and body, and the same answer read', async () => {
    let compared = 0;
    for (const spec of routeSpecs(world)) {
      const requests = fc.sample(requestArb(spec, world), { numRuns: 20, seed: 7 }).filter((r) => !r.raw);
      for (const request of requests) {
        // Prepare: the request as the fuzz sent it before, through the API client (fetch)
        const body = request.body ? payloadText(request.body) : undefined;
        const authorization = world.authorization[request.token];
        received.length = 0;
        answer = answers[compared % answers.length]!;
        const viaFetch = await send<unknown>(world.url, request.method, request.path, undefined, body, { ...(authorization ? { authorization } : {}), ...request.headers });
        const fetchReceived = received.splice(0);

        // Act
        const viaFire = await fire(world, request);
        const fireReceived = received.splice(0);

        // Assess
        const where = `${spec.key}: ${request.method} ${request.path.slice(0, 200)} ${JSON.stringify(request.headers)}`;
        expect(fireReceived, where).toEqual(fetchReceived);
        expect(viaFire, where).toEqual({ status: viaFetch.status, contentType: viaFetch.headers.get('content-type') ?? '', text: viaFetch.body === undefined ? '' : JSON.stringify(viaFetch.body) });
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(500);
  }, 60_000);
});
