import fc from 'fast-check';
import { appendFileSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchLike } from './fuzz-http.ts';
import { payloadText, preview, requestArb, type FuzzRequest, type RouteSpec } from './fuzz-requests.ts';
import { fuzzPlan, type FuzzFile } from './fuzz-plan.ts';
import { startFuzzWorld, tenantState, type FuzzWorld } from './fuzz-tenant.ts';
import { routeSpecs } from './route-specs.ts';

/** Requests per route; the issue asks for at least 1,000. */
export const requestsPerRoute = 1000;
/** Requests of a route in flight at once (one property run sends a batch of this many). */
const batchSize = 10;

const errorCodes: Record<number, readonly string[]> = {
  400: ['validation_failed', 'bad_json'],
  401: ['unauthorized'],
  403: ['forbidden'],
  404: ['not_found'],
  409: ['conflict'],
  412: ['precondition_failed'],
  413: ['payload_too_large'],
  423: ['locked'],
  429: ['throttled'],
};
const stackTrace = /(^|\n)\s*at\s+\S+.*\(|\.(ts|js|mjs|cjs):\d+|node_modules|file:\/\//;
const sdkText = /ValidationException|ConditionalCheckFailed|ProvisionedThroughput|dynamodb|ResourceNotFoundException|TransactionCanceled|\$metadata|smithy|aws-sdk/i;

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/** Sends over node:http, for what fetch refuses or rewrites: a GET with a body, a `..` segment. */
function sendRaw(url: string, request: FuzzRequest, authorization: string | undefined): Promise<Answer> {
  const { port } = new URL(url);
  const body = request.body ? payloadText(request.body) : undefined;
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: request.method,
        path: request.path,
        headers: {
          ...(authorization ? { authorization } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
          ...request.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/**
 * Sends what the API client (`send`, over fetch) sends for the request, but over node:http (fuzz-http.ts:
 * the same request, 180 µs less CPU each), and reads the answer as the client does: JSON or nothing.
 */
export async function fire(world: FuzzWorld, request: FuzzRequest): Promise<Answer> {
  const authorization = world.authorization[request.token];
  if (request.raw) return sendRaw(world.url, request, authorization);
  const body = request.body ? payloadText(request.body) : undefined;
  // As attainClient.send(method, path, body, headers) with no token of its own.
  const headers = { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(authorization ? { authorization } : {}), ...request.headers };
  let answer;
  let json: unknown;
  try {
    answer = await fetchLike(`${world.url.replace(/\/+$/, '')}${request.path}`, { method: request.method, headers, body });
    json = answer.text === '' ? undefined : JSON.parse(answer.text);
  } catch (error) {
    throw new Error(`the answer is not JSON (or the request failed): ${(error as Error).message}`, { cause: error });
  }
  return { status: answer.status, contentType: String(answer.headers['content-type'] ?? ''), text: json === undefined ? '' : JSON.stringify(json) };
}

/** What the request itself says, so an id it names may be echoed back without counting as a leak. */
function requestText(request: FuzzRequest): string {
  let path = request.path;
  try {
    path += decodeURIComponent(request.path);
  } catch {
    // Not decodable: the raw path is all a server could echo.
  }
  return path + (request.body && request.body.kind !== 'oversize' ? payloadText(request.body) : '');
}

/** Every assertion the issue makes of one answer. */
export function checkAnswer(world: FuzzWorld, spec: RouteSpec, request: FuzzRequest, answer: Answer): void {
  const body = request.body ? (request.body.kind === 'oversize' ? `<${request.body.bytes} bytes>` : payloadText(request.body)) : '';
  const where = [
    `${request.method} ${request.path.length > 160 ? `${request.path.slice(0, 160)}…` : request.path} [token ${request.token}; ${request.defect}]`,
    ...(body ? [`body ${body.length > 400 ? `${body.slice(0, 400)}…(${body.length} chars)` : body}`] : []),
    ...(Object.keys(request.headers).length > 0 ? [`headers ${JSON.stringify(request.headers)}`] : []),
    `→ ${answer.status} ${answer.text.slice(0, 300)}`,
  ].join('\n  ');
  const fail = (message: string): never => {
    throw new Error(`${message}\n  ${where}`);
  };
  if (answer.status >= 500) fail('5xx');
  if (spec.batch && answer.status < 300 && batchResultStatuses(answer.text).some((status) => status >= 500)) fail('5xx for a batch entry');
  if (request.expect && !request.expect.includes(answer.status)) fail(`expected ${request.expect.join(' or ')}`);
  if (spec.write && answer.status < 400 && !(spec.batch && batchRefusedEveryRecord(answer.text))) fail('a malformed write was accepted');
  if (answer.status >= 400) {
    const codes = errorCodes[answer.status] ?? fail('a status the contract does not list');
    if (!/^application\/json/.test(answer.contentType)) fail('error without a JSON content type');
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      fail('error body is not JSON');
    }
    checkErrorShape(body, codes, fail);
    const details = (body as { error: { details?: { path: string }[] } }).error.details ?? [];
    if (request.detail !== undefined && answer.status === 400 && !details.some((d) => d.path === request.detail)) fail(`details do not list ${request.detail}`);
    if (stackTrace.test(answer.text)) fail('stack trace in the error');
    if (sdkText.test(answer.text)) fail('AWS SDK text in the error');
  }
  const caller = world.tenantOf[request.token];
  const echoed = requestText(request);
  for (const tenant of [world.main, world.other]) {
    if (tenant === caller) continue;
    for (const marker of tenant.markers) {
      if (answer.text.includes(marker) && !echoed.includes(marker)) fail(`another tenant's data (${marker}) in the answer`);
    }
  }
}

function checkErrorShape(body: unknown, codes: readonly string[], fail: (message: string) => never): void {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(body) || Object.keys(body).join() !== 'error' || !isObject(body.error)) fail('not the error shape {"error": {...}}');
  const error = (body as { error: Record<string, unknown> }).error;
  const keys = Object.keys(error).sort().join();
  if (keys !== 'code,message' && keys !== 'code,details,message') fail(`error keys ${keys}`);
  if (!codes.includes(error.code as string)) fail(`code ${String(error.code)} for this status (expected ${codes.join('|')})`);
  if (typeof error.message !== 'string' || error.message.length === 0) fail('empty error message');
  if (error.details !== undefined) {
    if (!Array.isArray(error.details)) fail('details is not an array');
    for (const detail of error.details as unknown[]) {
      if (!isObject(detail) || Object.keys(detail).sort().join() !== 'message,path' || typeof detail.path !== 'string' || typeof detail.message !== 'string') {
        fail(`detail ${preview(detail)} is not {path, message}`);
      }
    }
  }
}

/** The status of each entry of a batch's answer. */
function batchResultStatuses(text: string): number[] {
  const body = JSON.parse(text) as { results?: { status: number }[] };
  return Array.isArray(body.results) ? body.results.map((r) => r.status) : [];
}

/** A batch answers 200 with one result per record; refused records leave data as it was. */
function batchRefusedEveryRecord(text: string): boolean {
  const body = JSON.parse(text) as { results?: { status: number; error?: { code: string; message: string } }[] };
  return Array.isArray(body.results) && body.results.length > 0 && body.results.every((r) => r.status >= 400 && typeof r.error?.code === 'string' && typeof r.error.message === 'string');
}

export interface RouteTally {
  route: string;
  requests: number;
  statuses: Record<number, number>;
  serverErrors: number;
}

/** The route's seed: FUZZ_SEED (to explore) mixed with a hash of the route key. */
function seedFor(key: string): number {
  let hash = Number(process.env.FUZZ_SEED ?? 20261123) >>> 0;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return hash | 0;
}

/** Runs the property for one route: `requestsPerRoute` requests, in batches sent concurrently. */
export async function fuzzRoute(world: FuzzWorld, spec: RouteSpec, tally: RouteTally): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.array(requestArb(spec, world), { minLength: batchSize, maxLength: batchSize }), async (batch) => {
      const answers = await Promise.all(batch.map((request) => fire(world, request)));
      answers.forEach((answer, i) => {
        tally.requests += 1;
        tally.statuses[answer.status] = (tally.statuses[answer.status] ?? 0) + 1;
        if (answer.status >= 500) tally.serverErrors += 1;
        checkAnswer(world, spec, batch[i]!, answer);
      });
    }),
    {
      numRuns: Math.ceil(requestsPerRoute / batchSize),
      // A fixed seed per route, so a CI run is reproducible; FUZZ_SEED explores others.
      seed: seedFor(spec.key),
      reporter: (details) => {
        if (!details.failed) return;
        const reason = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
        throw new Error(`${spec.key}: ${reason}\n(seed ${details.seed}, path "${details.counterexamplePath}", after ${details.numRuns} runs and ${details.numShrinks} shrinks)`);
      },
    },
  );
}

const summaryFile = join(tmpdir(), `attain-fuzz-${process.ppid}.jsonl`);
/** Prints the file's total; the last fuzz file to finish also prints the total of all. */
function printTotal(file: FuzzFile, tallies: RouteTally[]): void {
  const line = (label: string, list: RouteTally[]) =>
    `fuzz${label}: ${list.length} routes, ${list.reduce((n, t) => n + t.requests, 0)} requests, ${list.reduce((n, t) => n + t.serverErrors, 0)} 5xx`;
  console.log(line(` [${file}]`, tallies));
  appendFileSync(summaryFile, `${JSON.stringify({ file, tallies })}\n`);
  const done = readFileSync(summaryFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { file: string; tallies: RouteTally[] });
  const latest = new Map(done.map((d) => [d.file, d.tallies]));
  if (Object.keys(fuzzPlan).every((f) => latest.has(f))) console.log(line('', [...latest.values()].flat()));
}

/**
 * One describe per fuzz file: a gateway with two seeded tenants, then per route 1,000 malformed
 * requests, after which both tenants must read exactly as before.
 */
export function describeFuzz(file: FuzzFile): void {
  const keys: readonly string[] = fuzzPlan[file];
  describe(`fuzz: ${file} routes`, () => {
    let world: FuzzWorld;
    let specs: Map<string, RouteSpec>;
    const tallies: RouteTally[] = [];
    beforeAll(async () => {
      world = await startFuzzWorld();
      specs = new Map(routeSpecs(world).map((s) => [s.key, s]));
    });
    afterAll(async () => {
      if (tallies.length === keys.length) printTotal(file, tallies);
      await world?.close();
    });

    /** Runs the route's property and prints its count, red or green. */
    async function counted(spec: RouteSpec): Promise<RouteTally> {
      const tally: RouteTally = { route: spec.key, requests: 0, statuses: {}, serverErrors: 0 };
      try {
        await fuzzRoute(world, spec, tally);
      } finally {
        const statuses = Object.entries(tally.statuses).map(([status, n]) => `${status}×${n}`).join(' ');
        console.log(`fuzz ${spec.key}: ${tally.requests} requests (${statuses})`);
        tallies.push(tally);
      }
      return tally;
    }

    for (const key of keys) {
      it(`${key} answers ${requestsPerRoute} malformed requests without a 5xx, with the error shape, leaking nothing and changing nothing`, async () => {
        const spec = specs.get(key);
        expect(spec, `no fuzz spec for ${key}`).toBeDefined();
        const before = await Promise.all([tenantState(world, world.main), tenantState(world, world.other)]);
        const tally = await counted(spec!);
        expect(tally.requests).toBeGreaterThanOrEqual(requestsPerRoute);
        expect(await Promise.all([tenantState(world, world.main), tenantState(world, world.other)])).toEqual(before);
      }, 120_000);
    }
  });
}
