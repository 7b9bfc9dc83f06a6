import { assertNoDevSecretInLambda } from '../shared/runtime-guard.ts';
import { handleRollupEvent } from './run-lifecycle.ts';
import { rollupEventSchema } from './rollup-event.ts';

assertNoDevSecretInLambda();

export class RollupRunFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RollupRunFailedError';
  }
}

/**
 * The rollup worker Lambda: EventBridge Scheduler's nightly event and POST /rollups' asynchronous
 * invoke both land here and run the same core. A failed run is recorded first, then reported as
 * an invocation error so the worker's error alarm sees it (a retried delivery finds the run
 * finished and does nothing).
 */
export async function handler(event: unknown) {
  const outcome = await handleRollupEvent(rollupEventSchema.parse(event));
  if (outcome.outcome === 'failed') throw new RollupRunFailedError(`Rollup run ${outcome.runId ?? ''} failed`);
  return outcome;
}
