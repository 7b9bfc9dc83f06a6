import { ulid } from 'ulid';
import { eventBridgeScheduler } from './rollup/eventbridge-scheduler.ts';
import { lambdaDispatcher } from './rollup/lambda-dispatcher.ts';
import { config, type Config } from './shared/config.ts';
import { runningInLambda } from './shared/runtime-guard.ts';
import { goalRepository } from './store/goal-repository.ts';
import { metricRepository } from './store/metric-repository.ts';
import { readRecordsOfType } from './store/record-reader.ts';
import { recordRepository } from './store/record-repository.ts';
import { resultRepository } from './store/result-repository.ts';
import { runRepository } from './store/run-repository.ts';
import { settingsRepository } from './store/settings-repository.ts';
import { unitRepository } from './store/unit-repository.ts';
import { userRepository } from './store/user-repository.ts';
import type { AppPorts, Clock, Ids } from './use-cases/ports.ts';
import type { RollupDispatcher, TenantScheduler } from './use-cases/rollups/ports.ts';

/** The machine's clock; the heartbeat's timer does not keep a finished process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  every(intervalMs, tick) {
    const timer = setInterval(tick, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  },
};

export const ulidIds: Ids = { next: (nowMs) => ulid(nowMs) };

/** Without ATTAIN_WORKER_FUNCTION (a function that never triggers runs), triggering says which variable is missing. */
function dispatcherFrom(env: Config): RollupDispatcher {
  if (env.ATTAIN_WORKER_FUNCTION) return lambdaDispatcher(env.ATTAIN_WORKER_FUNCTION);
  return async () => {
    throw new Error('ATTAIN_WORKER_FUNCTION is not set: no rollup worker to hand the run to');
  };
}

/**
 * EventBridge Scheduler with the schedule variables; without them, on a laptop, nothing (the local
 * scheduler reads each tenant's settings from the table), and in Lambda an error naming them.
 */
function schedulerFrom(env: Config): TenantScheduler {
  const { ATTAIN_SCHEDULE_GROUP: group, ATTAIN_WORKER_ARN: workerArn, ATTAIN_SCHEDULER_ROLE_ARN: roleArn } = env;
  if (group && workerArn && roleArn) return eventBridgeScheduler({ group, workerArn, roleArn, dlqArn: env.ATTAIN_SCHEDULE_DLQ_ARN });
  if (!runningInLambda()) return async () => undefined;
  return async () => {
    throw new Error('ATTAIN_SCHEDULE_GROUP, ATTAIN_WORKER_ARN and ATTAIN_SCHEDULER_ROLE_ARN are not set: tenant schedules cannot be kept');
  };
}

/**
 * The composition root: every port backed by DynamoDB and AWS, from the environment validated
 * once (a bad variable fails the start with its name). `overrides` replace single ports: the local
 * runner's worker processes as dispatcher, a test's clock.
 */
export function cloudPorts(overrides: Partial<AppPorts> = {}): AppPorts {
  const env = config();
  return {
    clock: systemClock,
    ids: ulidIds,
    goals: goalRepository,
    metrics: metricRepository,
    units: unitRepository,
    users: userRepository,
    settings: settingsRepository,
    records: recordRepository,
    recordPages: readRecordsOfType,
    runs: runRepository,
    results: resultRepository,
    dispatcher: dispatcherFrom(env),
    scheduler: schedulerFrom(env),
    leaseMs: env.ATTAIN_ROLLUP_LEASE_SECONDS * 1000,
    scheduledTenants: new Set(),
    ...overrides,
  };
}
