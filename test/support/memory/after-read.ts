import type { AppPorts } from '../../../functions/use-cases/ports.ts';

/**
 * Wraps the ports' record reader so a test can run `hook` once, between a run's read of the records
 * and the rest of the run (a change that lands while the run holds the lease). Returns the setter.
 */
export function pauseAfterRead(ports: AppPorts): (hook: () => Promise<void>) => void {
  let afterRead: (() => Promise<void>) | undefined;
  const readRecords = ports.recordPages;
  Object.assign(ports, {
    recordPages: (async (...args) => {
      const count = await readRecords(...args);
      const hook = afterRead;
      afterRead = undefined;
      await hook?.();
      return count;
    }) satisfies AppPorts['recordPages'],
  });
  return (hook) => void (afterRead = hook);
}
