import { handleRollupEvent } from './run-lifecycle.ts';
import { rollupEventSchema } from './rollup-event.ts';

/**
 * The rollup worker Lambda: EventBridge Scheduler's nightly event and POST /rollups' asynchronous
 * invoke both land here and run the same core.
 */
export async function handler(event: unknown) {
  return handleRollupEvent(rollupEventSchema.parse(event));
}
