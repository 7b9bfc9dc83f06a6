/**
 * The local stack for the load and soak benchmarks: an in-memory DynamoDB Local started here, and
 * `infra/local/start.ts` (the gateway, the handlers, the worker processes, the demo tenant and
 * optionally the scheduler) as a child process on 127.0.0.1, so its memory can be read on its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attainClient } from '../../infra/client/attain-client.ts';
import { demoAdminId, demoTenantId } from '../../infra/local/demo/demo-organization.ts';
import { signDevToken } from '../../infra/local/dev-token.ts';
import { freePort, startDynamoDbLocal, type DynamoDbLocal } from '../../infra/local/dynamodb-local.ts';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const secret = 'attain-bench-secret';

export interface LoadStack {
  readonly url: string;
  readonly gatewayPid: number;
  readonly adminToken: string;
  readonly integrationToken: string;
  /** Everything start.ts printed so far. */
  output(): string;
  /** Resident set size of the gateway process (start.ts), in MiB. */
  gatewayRssMb(): number;
  stop(): Promise<void>;
}

export async function startLoadStack(options: { scheduler: boolean }): Promise<LoadStack> {
  const dynamo: DynamoDbLocal = await startDynamoDbLocal();
  const port = await freePort();
  let child: ChildProcess | undefined;
  let output = '';
  try {
    child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
      cwd: repositoryRoot,
      env: {
        ...process.env,
        PORT: String(port),
        ATTAIN_DYNAMODB_ENDPOINT: dynamo.endpoint,
        ATTAIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'attain-bench-')),
        ATTAIN_DEV_SECRET: secret,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...(options.scheduler ? {} : { ATTAIN_NO_SCHEDULER: '1' }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const started = Date.now();
    while (!/Attain listening on/.test(output)) {
      if (child.exitCode !== null) throw new Error(`start.ts exited (${child.exitCode}):\n${output}`);
      if (Date.now() - started > 180_000) throw new Error(`start.ts did not start in 3 minutes:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (error) {
    child?.kill('SIGKILL');
    await dynamo.stop();
    throw error;
  }
  const gateway = child;
  const token = (sub: string, role: 'admin' | 'integration') => signDevToken({ sub, tenant: demoTenantId, role }, { secret });
  return {
    url: `http://127.0.0.1:${port}`,
    gatewayPid: gateway.pid!,
    adminToken: await token(demoAdminId, 'admin'),
    integrationToken: await token('crm', 'integration'),
    output: () => output,
    gatewayRssMb() {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${gateway.pid}/status`, 'utf8'))?.[1] ?? NaN);
      return kb / 1024;
    },
    async stop() {
      const exited = new Promise((resolve) => gateway.once('exit', resolve));
      gateway.kill('SIGTERM');
      const timer = setTimeout(() => gateway.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      await dynamo.stop();
    },
  };
}

/** A JSON request to the stack with the one API client; throws on a network failure, returns status and body. */
export function call(url: string, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return attainClient(url, token).send(method, path, body);
}

/** Triggers a manual rollup and waits for it to finish; returns the run. */
export async function runRollup(url: string, token: string, timeoutMs = 120_000): Promise<any> {
  const trigger = await call(url, token, 'POST', '/rollups');
  if (trigger.status !== 202 && trigger.status !== 200) throw new Error(`POST /rollups answered ${trigger.status}`);
  return waitForRun(url, token, trigger.body.runId, timeoutMs);
}

export async function waitForRun(url: string, token: string, runId: string, timeoutMs = 120_000): Promise<any> {
  const started = Date.now();
  for (;;) {
    const run = (await call(url, token, 'GET', `/rollups/${runId}`)).body;
    if (run.status === 'succeeded' || run.status === 'failed') return run;
    if (Date.now() - started > timeoutMs) throw new Error(`run ${runId} did not finish in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
