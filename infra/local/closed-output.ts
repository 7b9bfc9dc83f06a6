/**
 * What a process of Attain (npm start, a rollup worker, the `attain` CLI) does when the reader of its
 * stdout or stderr goes away (`npm start | head`, `attain import … | head -1`, a closed terminal): it
 * drops what it would still write to that stream and carries on; nothing else changes.
 *
 * Why this exists: Node reports a failed write to stdout/stderr (EPIPE) as an 'error' event on the
 * stream and, with no listener, as an uncaught exception, which prints a stack trace or reaches a
 * crash handler. Node never destroys its stdio streams, so every later write fails again and raises
 * another one. npm start's crash handler logged the exception to the same closed stream and so raised
 * the next one, a loop of next-tick errors that starved the event loop: the gateway had closed, the
 * stop never finished, and SIGTERM could no longer be handled.
 */

export type OutputName = 'stdout' | 'stderr';

const handled = new WeakSet<NodeJS.WriteStream>();
const closed = new Set<OutputName>();

/** Whether this process has stopped writing to `name` because its reader went away. */
export const outputClosed = (name: OutputName): boolean => closed.has(name);

/**
 * From the first error on process.stdout or process.stderr on (EPIPE, EIO, …), writes to that stream
 * are dropped (console.*, Powertools Logger and direct `write` calls alike) and `onClosed` is told
 * once, with the other stream still usable unless it closed as well. Idempotent per stream.
 */
export function dropOutputOnceClosed(onClosed?: (name: OutputName, error: Error) => void): void {
  for (const [name, stream] of [
    ['stdout', process.stdout],
    ['stderr', process.stderr],
  ] as const) {
    if (handled.has(stream)) continue;
    handled.add(stream);
    stream.on('error', (error: Error) => {
      if (closed.has(name)) return; // later failures of writes already under way
      closed.add(name);
      // Console and the Logger look `write` up at each call, so every writer stops here.
      stream.write = dropWrite as typeof stream.write;
      onClosed?.(name, error);
    });
  }
}

/** A `write` that accepts everything and writes nothing, calling back as a successful write does. */
function dropWrite(_chunk: unknown, encodingOrCallback?: unknown, callback?: unknown): boolean {
  const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
  if (typeof done === 'function') process.nextTick(done as () => void);
  return true;
}
