import { z } from 'zod';

const id = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/);

/**
 * What starts the rollup worker. EventBridge Scheduler sends the scheduled one with
 * `"scheduledTime": "<aws.scheduler.scheduled-time>"` filled in; `POST /rollups` sends the manual
 * one for the run it queued; the live consumer the recompute one after a definition change. All go
 * to the same worker and the same core.
 */
export const rollupEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('schedule'), tenant: id, scheduledTime: z.string().min(1).max(64) }),
  z.object({ kind: z.literal('manual'), tenant: id, runId: id }),
  // A definition change asked for a recomputation (the live consumer sends it): see runRollup.
  z.object({ kind: z.literal('recompute'), tenant: id }),
]);
export type RollupEvent = z.infer<typeof rollupEventSchema>;
export type ScheduledRollupEvent = Extract<RollupEvent, { kind: 'schedule' }>;
export type ManualRollupEvent = Extract<RollupEvent, { kind: 'manual' }>;

/** The Input of a tenant's EventBridge schedule: the scheduled event with the scheduler's placeholder. */
export function scheduleInput(tenant: string): string {
  return JSON.stringify({ kind: 'schedule', tenant, scheduledTime: '<aws.scheduler.scheduled-time>' });
}
