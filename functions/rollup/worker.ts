import { cloudPorts } from '../compose.ts';
import { assertNoDevSecretInLambda } from '../shared/runtime-guard.ts';
import type { AppPorts } from '../use-cases/ports.ts';
import { rollupEventSchema } from '../use-cases/rollups/rollup-event.ts';
import { runRollup } from '../use-cases/rollups/run-rollup.ts';

assertNoDevSecretInLambda();

export class RollupRunFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RollupRunFailedError';
  }
}

/**
 * The rollup worker Lambda: EventBridge Scheduler's nightly event and POST /rollups' asynchronous
 * invoke both land here and run the same use case. A failed run is recorded first, then reported
 * as an invocation error so the worker's error alarm sees it (a retried delivery finds the run
 * finished and does nothing).
 */
export const workerWith = (ports: AppPorts) => async (event: unknown) => {
  const outcome = await runRollup(ports, rollupEventSchema.parse(event));
  if (outcome.outcome === 'failed') throw new RollupRunFailedError(`Rollup run ${outcome.runId ?? ''} failed`);
  return outcome;
};

export const handler = workerWith(cloudPorts());
