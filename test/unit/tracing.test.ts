import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const observability = fileURLToPath(new URL('../../functions/shared/observability.ts', import.meta.url));
// A fresh process per case: whether the tracer is loaded is decided once, when the module loads.
const script = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
const { traced } = await import(${JSON.stringify(observability)});
const client = new DynamoDBClient({ region: 'eu-north-1' });
console.log(JSON.stringify({ same: traced(client) === client, middleware: client.middlewareStack.identify() }));
`;

function tracedIn(env: Record<string, string | undefined>): { same: boolean; middleware: string[] } {
  const { AWS_EXECUTION_ENV: _e, POWERTOOLS_TRACE_ENABLED: _t, ...rest } = process.env;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...rest, ...env },
    encoding: 'utf8',
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
  });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!);
}

describe('tracing (Powertools Tracer around the AWS clients)', () => {
  it('captures a client\'s calls in Lambda', () => {
    const { same, middleware } = tracedIn({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' });
    expect(same).toBe(true);
    expect(middleware.some((m) => m.startsWith('XRaySDKInstrumentation'))).toBe(true);
  });

  it('leaves the client untouched outside Lambda and where POWERTOOLS_TRACE_ENABLED is false', () => {
    for (const env of [{}, { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', POWERTOOLS_TRACE_ENABLED: 'false' }]) {
      expect(tracedIn(env).middleware.some((m) => m.includes('XRay'))).toBe(false);
    }
  });
});
