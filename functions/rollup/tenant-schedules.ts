import {
  ConflictException,
  CreateScheduleCommand,
  SchedulerClient,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { toEventBridgeCron } from '../../core/schedule/eventbridge-cron.ts';
import { tracer } from '../shared/observability.ts';
import { scheduleInput } from './rollup-event.ts';

export interface TenantSchedule {
  rollupSchedule: string;
  timezone: string;
}

/** Keeps a tenant's nightly rollup schedule in line with its settings. */
export type TenantScheduler = (tenant: string, schedule: TenantSchedule) => Promise<void>;

let scheduler: SchedulerClient | undefined;

/** The EventBridge Scheduler schedule name of a tenant (64 characters at most). */
export const scheduleName = (tenant: string): string => `attain-${tenant}`.slice(0, 64);

/**
 * In AWS: creates or updates the tenant's EventBridge schedule in ATTAIN_SCHEDULE_GROUP, in the
 * tenant's time zone, targeting the worker with the scheduled event, with a retry policy and the
 * dead-letter queue. Without that configuration (on a laptop) it does nothing: the local
 * scheduler reads the settings from the table instead.
 */
export const eventBridgeScheduler: TenantScheduler = async (tenant, schedule) => {
  const { ATTAIN_SCHEDULE_GROUP: group, ATTAIN_WORKER_ARN: workerArn, ATTAIN_SCHEDULER_ROLE_ARN: roleArn, ATTAIN_SCHEDULE_DLQ_ARN: dlqArn } =
    process.env;
  if (!group || !workerArn || !roleArn) return;
  scheduler ??= tracer.captureAWSv3Client(new SchedulerClient({}));
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

let current: TenantScheduler = eventBridgeScheduler;

export function setTenantScheduler(next: TenantScheduler): void {
  current = next;
}

export function syncTenantSchedule(tenant: string, schedule: TenantSchedule): Promise<void> {
  return current(tenant, schedule);
}
