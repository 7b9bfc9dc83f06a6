import { cloudPorts } from '../../functions/cloud-ports.ts';
import type { AppPorts } from '../../functions/use-cases/ports.ts';
import { runRollup } from '../../functions/use-cases/rollups/run-rollup.ts';

/**
 * The composition root's ports, with a dispatcher that runs each rollup in this process (the
 * worker's use case over the same ports) instead of invoking a worker. By default the dispatch
 * waits for the run; with `background`, it hands the run over and returns at once (as an
 * asynchronous invoke does).
 */
export function inProcessRollups(options: { background?: (run: Promise<unknown>) => void; overrides?: Partial<AppPorts> } = {}): AppPorts {
  const ports: AppPorts = cloudPorts({
    ...options.overrides,
    dispatcher: async (event) => {
      const run = runRollup(ports, event);
      if (options.background) options.background(run);
      else await run;
    },
  });
  return ports;
}
