import {
  ConflictException,
  CreateScheduleCommand,
  SchedulerClient,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { toEventBridgeCron } from '../../core/schedule/eventbridge-cron.ts';
import { traced } from '../shared/observability.ts';
import type { Config } from '../shared/config.ts';
import { runningInLambda } from '../shared/runtime-guard.ts';
import type { TenantScheduler } from '../use-cases/rollups/ports.ts';
import { scheduleInput } from '../use-cases/rollups/rollup-event.ts';

export interface EventBridgeScheduleConfig {
  /** ATTAIN_SCHEDULE_GROUP */
  group: string;
  /** ATTAIN_WORKER_ARN */
  workerArn: string;
  /** ATTAIN_SCHEDULER_ROLE_ARN */
  roleArn: string;
  /** ATTAIN_SCHEDULE_DLQ_ARN */
  dlqArn?: string | undefined;
}

/** The EventBridge Scheduler schedule name of a tenant (64 characters at most). */
export const scheduleName = (tenant: string): string => `attain-${tenant}`.slice(0, 64);

/**
 * In AWS: creates or updates the tenant's EventBridge schedule in the schedule group, in the
 * tenant's time zone, targeting the worker with the scheduled event, with a retry policy and the
 * dead-letter queue. (On a laptop the local scheduler reads the settings from the table instead.)
 */
export const eventBridgeScheduler = ({ group, workerArn, roleArn, dlqArn }: EventBridgeScheduleConfig): TenantScheduler => {
  let scheduler: SchedulerClient | undefined;
  return async (tenant, schedule) => {
    scheduler ??= traced(new SchedulerClient({}));
    const input: CreateScheduleCommandInput = {
      Name: scheduleName(tenant),
      GroupName: group,
      ScheduleExpression: toEventBridgeCron(schedule.rollupSchedule),
      ScheduleExpressionTimezone: schedule.timezone,
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: workerArn,
        RoleArn: roleArn,
        Input: scheduleInput(tenant),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        ...(dlqArn ? { DeadLetterConfig: { Arn: dlqArn } } : {}),
      },
    };
    try {
      await scheduler.send(new CreateScheduleCommand(input));
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
      await scheduler.send(new UpdateScheduleCommand(input));
    }
  };
};

/**
 * EventBridge Scheduler with the schedule variables; without them, on a laptop, nothing (the local
 * scheduler reads each tenant's settings from the table), and in Lambda an error naming them.
 */
export function schedulerFrom(env: Config): TenantScheduler {
  const { ATTAIN_SCHEDULE_GROUP: group, ATTAIN_WORKER_ARN: workerArn, ATTAIN_SCHEDULER_ROLE_ARN: roleArn } = env;
  if (group && workerArn && roleArn) return eventBridgeScheduler({ group, workerArn, roleArn, dlqArn: env.ATTAIN_SCHEDULE_DLQ_ARN });
  if (!runningInLambda()) return async () => undefined;
  return async () => {
    throw new Error('ATTAIN_SCHEDULE_GROUP, ATTAIN_WORKER_ARN and ATTAIN_SCHEDULER_ROLE_ARN are not set: tenant schedules cannot be kept');
  };
}

