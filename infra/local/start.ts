/**
 * `npm start`: the whole system on a laptop, in one process tree. DynamoDB Local (unless
 * ATTAIN_DYNAMODB_ENDPOINT names another DynamoDB), the table, the demo tenant, and the local
 * gateway in front of the very handler modules that run in Lambda, the local scheduler sending each
 * tenant's scheduled rollup on its cron, and one worker process per rollup. Ctrl-C stops all of it.
 *
 * npm runs this as `exec node --import tsx`, one process, so npm's forwarded SIGINT/SIGTERM lands
 * here. Not through the tsx CLI: its parent process relays a signal to its child and, if the child
 * does not report it within 30 ms (busy starting: loading modules, `java -version`), SIGKILLs it,
 * which left DynamoDB Local running with no one to stop it.
 */
import './quiet-sdk-warning.ts';
import './tracing-off.ts';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_TENANT_SETTINGS as defaultSettings } from '../../core/model/tenant-settings.ts';
import { cloudPorts } from '../../functions/cloud-ports.ts';
import { settingsRepository } from '../../functions/store/settings-repository.ts';
import { loadDemoTenant, demoTenantIsEmpty } from './demo/load-demo.ts';
import { attainClient } from '../client/attain-client.ts';
import { demoAdminId, demoTenantId } from './demo/demo-organization.ts';
import { dropOutputOnceClosed, outputClosed } from './closed-output.ts';
import { signDevToken } from './dev-token.ts';
import { JavaInterruptedError, JavaMissingError, startDynamoDbLocal, stopJava, stoppedBy, type DynamoDbLocal } from './dynamodb-local.ts';
import { ensureTable } from './ensure-table.ts';
import { startGateway, type Gateway } from './gateway.ts';
import { loadLocalConfig } from './local-config.ts';
import { ConfigError } from '../../functions/shared/config.ts';
import { formatInstant, startLocalScheduler, type LocalScheduler } from './scheduler.ts';
import { createWorkerProcesses } from './worker-processes.ts';
import { lambdaContext } from './lambda-context.ts';
import { startStreamPoller, type StreamPoller } from './stream-poller.ts';

let dynamo: DynamoDbLocal | undefined;
/** DynamoDB Local's process from the moment it is spawned, so a stop during its start-up ends it too. */
let java: ChildProcess | undefined;
let gateway: Gateway | undefined;
let scheduler: LocalScheduler | undefined;
let liveStream: StreamPoller | undefined;
// Same environment as npm start (table, endpoint, region); npm start has shown the SDK's Node 20 notice once already.
const workers = createWorkerProcesses({ env: () => ({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...process.env }) });
let stopping: Promise<void> | undefined;
let ready = false;

/**
 * Stops the scheduler, then the gateway (requests under way get 3 s) and the worker processes
 * (SIGKILL after 3 s) together, then Java (SIGKILL after 4 s, waiting for it to exit, even while it
 * is still starting), then exits with `code`: everything is gone within 7 s of the signal. Idempotent.
 */
function stop(code: number): Promise<void> {
  stopping ??= (async () => {
    stopStartedAt = Date.now();
    scheduler?.stop();
    await Promise.all([
      withTimeout(liveStream?.stop(), 3_000).catch((error: unknown) => console.error('Stopping the stream poller failed:', error)),
      withTimeout(gateway?.close(), 3_000).catch((error: unknown) => console.error('Closing the gateway failed:', error)),
      workers.stopAll(3_000).catch((error: unknown) => console.error('Stopping the rollup workers failed:', error)),
    ]);
    if (java) await stopJava(java, 4_000).catch((error: unknown) => console.error('Stopping DynamoDB Local failed:', error));
    process.exit(code);
  })();
  return stopping;
}

let stopStartedAt = 0;

function onSignal(signal: NodeJS.Signals): void {
  if (stopping) {
    // One Ctrl-C arrives several times (from the terminal, and forwarded by npm), and may come just
    // after Java, in the same process group, stopped first; only a later one means "stop waiting".
    // The exit hook of DynamoDB Local still kills Java.
    if (Date.now() - stopStartedAt < 2_000) return;
    console.error(`${signal} again: exiting now`);
    process.exit(1);
  }
  console.log(`\n${signal}: stopping Attain${java ? ' and DynamoDB Local' : ''}…`);
  void stop(0);
}

function onCrash(error: unknown): void {
  console.error('Attain crashed:', error);
  void stop(1);
}

async function main(): Promise<void> {
  const config = loadLocalConfig(process.env);
  let endpoint = config.ATTAIN_DYNAMODB_ENDPOINT;
  if (!endpoint) {
    dynamo = await startDynamoDbLocal({
      dataDir: join(config.ATTAIN_DATA_DIR, 'dynamodb'),
      avoidPorts: [config.PORT],
      onLeftoverStopped: (pid) => console.log(`Stopped DynamoDB Local (pid ${pid}) left running by an earlier npm start`),
      onSpawn: (child) => {
        java = child;
        console.log(`Starting DynamoDB Local (pid ${child.pid})…`);
      },
    });
    dynamo.process.once('exit', (exitCode, signal) => {
      if (stopping) return;
      // Ctrl-C reaches Java too (same process group); that is a stop, not a crash.
      const interrupted = stoppedBy(exitCode, signal) !== undefined;
      if (!interrupted) console.error(`DynamoDB Local exited unexpectedly (${signal ?? `code ${exitCode}`})`);
      void stop(interrupted ? 0 : 1);
    });
    endpoint = dynamo.endpoint;
    console.log(`DynamoDB Local on ${endpoint}, data in ${join(config.ATTAIN_DATA_DIR, 'dynamodb')}`);
  } else {
    console.log(`Using the DynamoDB at ${endpoint} (table ${config.ATTAIN_TABLE})`);
  }
  // The in-process handlers read their configuration from the environment, as in Lambda.
  Object.assign(process.env, { ATTAIN_DYNAMODB_ENDPOINT: endpoint, ATTAIN_TABLE: config.ATTAIN_TABLE, AWS_REGION: config.AWS_REGION });

  // As functions/store/client.ts: a DynamoDB on this machine gets fixed dummy credentials.
  const onThisMachine = /^https?:\/\/(localhost|127\.|\[::1\])/.test(endpoint);
  const clientConfig = {
    endpoint,
    region: config.AWS_REGION,
    ...(onThisMachine ? { credentials: { accessKeyId: 'attainlocal', secretAccessKey: 'attainlocal' } } : {}),
  };
  const client = new DynamoDBClient(clientConfig);
  if (await ensureTable(client, config.ATTAIN_TABLE)) console.log(`Created table ${config.ATTAIN_TABLE}`);

  // The live path: the table's stream handed to the live consumer's handler module, as its event
  // source mapping does in Lambda (from the stream's oldest record: a change is applied once however
  // often it is handed over).
  // Definition changes start the worker in a process of its own, as the gateway's runs do.
  const liveConsumer = (await import('../../functions/live/consumer.ts')).handlerWith(workers.dispatch);
  liveStream = startStreamPoller({
    dynamodb: client,
    streams: new DynamoDBStreamsClient(clientConfig),
    tableName: config.ATTAIN_TABLE,
    handler: (event) => liveConsumer(event, lambdaContext('attain-live', randomUUID())),
  });
  await liveStream.ready;

  // The rollup worker runs in a process of its own per event, as an asynchronous Lambda invoke does;
  // tenants' schedules come from the table (below) rather than from EventBridge Scheduler.
  gateway = await startGateway({
    ports: cloudPorts({ dispatcher: workers.dispatch, scheduler: async () => undefined }),
    port: config.PORT,
    secret: config.ATTAIN_DEV_SECRET,
    log: (line) => ready && console.log(line),
  });
  const token = await signDevToken({ sub: demoAdminId, tenant: demoTenantId, role: 'admin' }, { secret: config.ATTAIN_DEV_SECRET });

  if (!config.ATTAIN_NO_DEMO) {
    if (await demoTenantIsEmpty(gateway.url, token)) {
      console.log(`Loading the demo tenant "${demoTenantId}" through the API…`);
      const loaded = await loadDemoTenant(gateway.url, token, new Date());
      console.log(`Demo tenant loaded: ${loaded.units} units, ${loaded.users} users, ${loaded.metrics} metrics, ${loaded.records} records, ${loaded.goals} goals`);
      // A first full run, as a new tenant would get one on its first night: "Last rollup" and the leaderboard have it at once.
      const run = await attainClient(gateway.url, token).call<{ runId: string }>('POST', '/rollups', {});
      console.log(`First rollup of the demo tenant queued (${run.runId})`);
    } else {
      console.log(`Demo tenant "${demoTenantId}" already has goals; leaving it as it is`);
    }
  }

  if (config.ATTAIN_NO_SCHEDULER) {
    console.log('Scheduler: off (ATTAIN_NO_SCHEDULER); POST /rollups still runs the worker');
  } else {
    let listingFailed = false;
    scheduler = startLocalScheduler({
      listTenants: async () =>
        (await settingsRepository.scheduledTenants()).map((t) => ({
          tenant: t.tenant,
          timezone: t.timezone ?? defaultSettings.timezone,
          rollupSchedule: t.rollupSchedule ?? defaultSettings.rollupSchedule,
        })),
      dispatch: workers.dispatch,
      log: (line) => console.log(line),
      onError: (error, tenant) => {
        if (!tenant) listingFailed = true;
        console.error(`[scheduler]${tenant ? ` ${tenant}:` : ' reading the tenants failed:'}`, error instanceof Error ? error.message : error);
      },
    });
    await scheduler.ready;
    const plans = scheduler.plans();
    if (listingFailed) console.log("Scheduler: could not read the tenants' schedules (above); trying again every minute");
    else if (plans.length === 0) console.log('Scheduler: no tenant has stored settings yet (looking again every minute)');
    for (const plan of plans) {
      const next = plan.nextFireMs === null ? 'never' : formatInstant(plan.nextFireMs);
      console.log(`Scheduler: ${plan.tenant} at "${plan.rollupSchedule}" ${plan.timezone}, next run ${next}`);
    }
  }

  ready = true;
  console.log(`Attain listening on ${gateway.url}`);
  console.log(`Dashboard: ${gateway.url}/ (paste the token below into the page)`);
  console.log(`Admin token for tenant ${demoTenantId} (user ${demoAdminId}, valid 12 h; more with npm run -s token -- --help):`);
  console.log(`  ${token}`);
  console.log('Try:');
  console.log(`  curl -H "Authorization: Bearer ${token}" ${gateway.url}/goals`);
  console.log('Ctrl-C stops everything.');
}

function withTimeout(promise: Promise<void> | undefined, ms: number): Promise<void> {
  if (!promise) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

// A reader of our output that goes away (`npm start | head`) stops the logging, not Attain: the
// other stream says so once, and the API keeps serving until Ctrl-C or SIGTERM.
dropOutputOnceClosed((name) => {
  const other = name === 'stdout' ? 'stderr' : 'stdout';
  if (outputClosed(other)) return;
  const where = gateway ? ` on ${gateway.url}` : '';
  process[other].write(`Attain: ${name} was closed (its reader exited); no more output there. Still serving${where}; Ctrl-C or SIGTERM stops it.\n`);
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
// npm can die of a signal in its first milliseconds, before it forwards signals to its script: this
// process is then orphaned (its parent becomes another process) and stops as the signal asked. The
// npm script names npm's pid (ATTAIN_PARENT_PID=$PPID), since npm may be gone before this line runs:
// loading the modules above takes most of a second.
const announcedParent = Number(process.env.ATTAIN_PARENT_PID);
const parentPid = Number.isInteger(announcedParent) && announcedParent > 1 ? announcedParent : process.ppid;
setInterval(() => {
  if (process.ppid === parentPid || stopping) return;
  console.error('The process that started Attain went away: stopping');
  void stop(0);
}, 250).unref();
process.on('uncaughtException', onCrash);
process.on('unhandledRejection', onCrash);

main().catch((error: unknown) => {
  // A stop under way makes the start fail (Java or the gateway went away under it): nothing to report.
  if (stopping) return;
  if (error instanceof JavaInterruptedError) return void stop(0); // Ctrl-C reached Java first
  if (error instanceof JavaMissingError || error instanceof ConfigError) {
    console.error(error.message);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`Port ${process.env.PORT ?? 3000} is already in use; stop what uses it or set PORT (e.g. PORT=3001 npm start).`);
  } else {
    console.error('Attain could not start:', error);
  }
  void stop(1);
});
