/**
 * `npm run bench:load`: drives the local stack (its own in-memory DynamoDB Local and start.ts on
 * 127.0.0.1, with the demo tenant rolled up once) with autocannon, bounded in time and requests:
 * dashboard reads, goal reads, record writes, then dashboard reads while a rollup runs. Prints one
 * line per scenario (requests/s, p50 and p99 latency, errors) and a summary last; exits 1 when any
 * request failed or the rollup did not succeed inside the read window.
 *
 *   ATTAIN_BENCH_SECONDS   seconds per scenario (default 10)
 *   ATTAIN_BENCH_MAX_REQUESTS  most requests per scenario (default 50000)
 *   ATTAIN_BENCH_CONNECTIONS   concurrent connections (default 10)
 */
import autocannon, { type Request, type Result } from 'autocannon';
import { pathToFileURL } from 'node:url';
import { call, runRollup, startLoadStack, waitForRun, type LoadStack } from './load-stack.ts';

const seconds = Number(process.env.ATTAIN_BENCH_SECONDS ?? 10);
const maxRequests = Number(process.env.ATTAIN_BENCH_MAX_REQUESTS ?? 50_000);
const connections = Number(process.env.ATTAIN_BENCH_CONNECTIONS ?? 10);

export interface ScenarioFigures {
  name: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Errors: connection errors, timeouts and every answer that is not 2xx. */
export function figures(name: string, result: Result): ScenarioFigures {
  return {
    name,
    requests: result.requests.total,
    rps: Math.round(result.requests.total / Math.max(result.duration, 0.001)),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

export const formatFigures = (f: ScenarioFigures): string =>
  `load ${f.name} requests=${f.requests} rps=${f.rps} p50_ms=${f.p50} p99_ms=${f.p99} errors=${f.errors}`;

/** A request whose path cycles through `paths`. */
export function cycling(paths: readonly string[], extra: Partial<Request> = {}): Request {
  let i = 0;
  return { method: 'GET', ...extra, setupRequest: (request) => ({ ...request, path: paths[i++ % paths.length] }) };
}

export function drive(stack: LoadStack, token: string, requests: Request[], durationSeconds = seconds, extra: { overallRate?: number } = {}): Promise<Result> {
  return autocannon({
    ...extra,
    url: stack.url,
    connections,
    duration: durationSeconds,
    maxOverallRequests: maxRequests,
    timeout: 10,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests,
  });
}

/** Read paths of the demo tenant: every unit's and user's dashboard, every goal's progress and definition. */
export async function demoPaths(stack: LoadStack) {
  const [units, users, goals] = await Promise.all(
    ['/units?limit=500', '/users?limit=500', '/goals?limit=500'].map((path) => call(stack.url, stack.adminToken, 'GET', path)),
  );
  const owners = [
    ...units!.body.items.map((u: { id: string; kind: string }) => `/dashboard?ownerType=${u.kind}&ownerId=${u.id}`),
    ...users!.body.items.map((u: { id: string }) => `/dashboard?ownerType=user&ownerId=${u.id}`),
  ];
  const goalIds: string[] = goals!.body.items.map((g: { id: string }) => g.id);
  return { dashboards: owners as string[], goals: goalIds.flatMap((id) => [`/goals/${id}/progress`, `/goals/${id}`]) };
}

/** Deal writes, the n-th (from 1) to the id `idOf(n)`: new ids each time, or upserts over a fixed set. */
export function recordWrites(idOf: (n: number) => string): Request {
  let n = 0;
  return {
    method: 'PUT',
    setupRequest: (request) => {
      n++;
      const now = new Date().toISOString();
      return {
        ...request,
        path: `/records/deal/${idOf(n)}`,
        body: JSON.stringify({ ownerId: 'u-anna', updatedAt: now, status: n % 3 === 0 ? 'open' : 'won', amount: `${(n % 500) + 1}.00`, currency: 'EUR', closedAt: now }),
      };
    },
  };
}

async function main(): Promise<number> {
  const stackStarted = Date.now();
  const stack = await startLoadStack({ scheduler: false });
  try {
    const first = await runRollup(stack.url, stack.adminToken);
    if (first.status !== 'succeeded') throw new Error(`the first rollup ${first.status}`);
    const paths = await demoPaths(stack);
    console.log(
      `load setup: demo tenant, ${paths.dashboards.length} dashboards, ${paths.goals.length / 2} goals, first rollup ${first.goalsComputed} goals / ${first.recordsRead} records; ` +
        `${connections} connections, ${seconds} s or ${maxRequests} requests per scenario; ready in ${((Date.now() - stackStarted) / 1000).toFixed(1)} s`,
    );
    const results: ScenarioFigures[] = [];
    const report = (f: ScenarioFigures) => {
      results.push(f);
      console.log(formatFigures(f));
    };

    await drive(stack, stack.adminToken, [cycling([...paths.dashboards, ...paths.goals])], 3); // warm-up, not reported
    report(figures('dashboard-reads', await drive(stack, stack.adminToken, [cycling(paths.dashboards)])));
    report(figures('goal-reads', await drive(stack, stack.adminToken, [cycling(paths.goals)])));
    const writeRun = `load-${Date.now()}`;
    report(figures('record-writes', await drive(stack, stack.integrationToken, [recordWrites((n) => `${writeRun}-${n}`)])));

    // Reads while a rollup (of the demo plus the records just written) runs in its worker process.
    const windowStart = Date.now();
    const reads = drive(stack, stack.adminToken, [cycling([...paths.dashboards, ...paths.goals])]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const trigger = await call(stack.url, stack.adminToken, 'POST', '/rollups');
    const during = figures('reads-during-rollup', await reads);
    const windowEnd = Date.now();
    const run = await waitForRun(stack.url, stack.adminToken, trigger.body.runId);
    const overlapped = run.status === 'succeeded' && Date.parse(run.finishedAt) <= windowEnd && Date.parse(run.startedAt) >= windowStart;
    report(during);
    console.log(
      `load rollup-during-reads run=${run.runId} status=${run.status} goals=${run.goalsComputed} records=${run.recordsRead} ` +
        `ms=${Date.parse(run.finishedAt) - Date.parse(run.startedAt)} inside_read_window=${overlapped}`,
    );

    const errors = results.reduce((total, f) => total + f.errors, 0);
    const ok = errors === 0 && overlapped;
    console.log(
      `load summary: ${results.map((f) => `${f.name} ${f.rps} rps p99 ${f.p99} ms`).join(', ')}; errors=${errors} ` +
        `rollup_during_reads=${run.status}${overlapped ? '' : ' (not inside the read window)'} result=${ok ? 'ok' : 'FAILED'}`,
    );
    return ok ? 0 : 1;
  } finally {
    await stack.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('bench:load failed:', error);
      process.exit(1);
    },
  );
}
