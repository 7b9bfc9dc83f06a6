import { ddb } from '../../functions/store/client.ts';

/**
 * Watches the DynamoDB calls of this process: the handlers behind startTestApi() run in the test's
 * own process, so every call they make passes the document client's middleware.
 */
type Hook = (commandName: string) => void | Promise<void>;
const hooks = new Set<Hook>();
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  ddb().middlewareStack.add(
    (next, context) => async (args) => {
      for (const hook of [...hooks]) await hook(context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize', name: 'testCallWatcher' },
  );
}

/** Runs `hook` before every DynamoDB call until the returned function is called. */
export function onDynamoDbCall(hook: Hook): () => void {
  install();
  hooks.add(hook);
  return () => void hooks.delete(hook);
}

/** The DynamoDB calls (command names, in order) that `work` makes, with its result. */
export async function dynamoDbCallsOf<T>(work: () => Promise<T>): Promise<{ result: T; calls: string[] }> {
  const calls: string[] = [];
  const stop = onDynamoDbCall((name) => void calls.push(name));
  try {
    return { result: await work(), calls };
  } finally {
    stop();
  }
}

/**
 * Holds the first `count` calls that `matches` until all of them have arrived, then lets them go
 * together (later calls pass at once): makes two requests race at exactly that call, without timers.
 */
export function holdUntilTogether(matches: (commandName: string) => boolean, count: number): { stop: () => void; arrived: () => number } {
  let waiting = 0;
  let release!: () => void;
  const together = new Promise<void>((resolve) => (release = resolve));
  const stop = onDynamoDbCall(async (name) => {
    if (!matches(name) || waiting >= count) return;
    waiting++;
    if (waiting === count) release();
    await together;
  });
  return { stop: () => { release(); stop(); }, arrived: () => waiting };
}
