/**
 * The entry of a local rollup worker process, what a Lambda invocation of the worker is in AWS:
 *
 *   node --import tsx infra/local/run-worker.ts '<event JSON>' [worker module]
 *
 * The event comes from the first argument (or stdin when it is `-` or missing); the worker module
 * (default `functions/rollup/worker.ts`) must export `handler(event, context)`. Exits 0 when the
 * handler resolves, 1 when it throws. The process stops as well when the process that started it
 * goes away (its IPC channel closes), so no worker outlives `npm start`.
 */
import './quiet-sdk-warning.ts';
import './tracing-off.ts';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dropOutputOnceClosed } from './closed-output.ts';
import { lambdaContext } from './lambda-context.ts';

const defaultWorkerModule = fileURLToPath(new URL('../../functions/rollup/worker.ts', import.meta.url));
const workerFunctionName = 'attain-rollup-worker';

/** The worker's Lambda timeout: the longest a local run may take before its context says "no time left". */
const workerTimeoutMs = 15 * 60_000;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<number> {
  const [eventArgument, moduleArgument] = process.argv.slice(2);
  const text = eventArgument === undefined || eventArgument === '-' ? await readStdin() : eventArgument;
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch (error) {
    console.error('The event is not JSON:', (error as Error).message);
    return 1;
  }
  const modulePath = resolve(moduleArgument || defaultWorkerModule);
  const module = (await import(pathToFileURL(modulePath).href)) as { handler?: unknown };
  if (typeof module.handler !== 'function') {
    console.error(`${modulePath} does not export a handler function`);
    return 1;
  }
  const handler = module.handler as (event: unknown, context: unknown) => Promise<unknown>;
  const result = await handler(event, lambdaContext(workerFunctionName, randomUUID(), workerTimeoutMs));
  if (result !== undefined) console.log(`result: ${JSON.stringify(result)}`);
  return 0;
}

// Output whose reader went away is dropped; the run goes on (npm start going away is handled below).
dropOutputOnceClosed();

if (process.channel) {
  // Started by npm start (with an IPC channel): leave when it goes, but let the channel not keep us alive.
  process.once('disconnect', () => {
    console.error('npm start went away: stopping this worker');
    process.exit(1);
  });
  process.channel.unref();
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('The rollup worker failed:', error);
    process.exit(1);
  },
);
