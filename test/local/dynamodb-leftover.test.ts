import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pidFileName, startDynamoDbLocal, stopLeftoverDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { testJavaEnv, testJavaOptions } from '../support/test-java.ts';

const holder = fileURLToPath(new URL('./fixtures/hold-dynamodb-local.ts', import.meta.url));
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Runs the holder, waits for Java's pid, then kills the holder with SIGKILL, as `kill -9` on npm start would. */
async function leaveJavaBehind(dataDir: string): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', holder, dataDir], { env: { ...process.env, ...testJavaEnv() }, stdio: ['ignore', 'pipe', 'inherit'] });
  const javaPid = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /java-pid (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`holder exited (${code}) before starting Java: ${output}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return javaPid;
}

describe('a DynamoDB Local left running by a killed npm start', () => {
  it('is stopped by the next start on the same data directory, which then runs as usual', async () => {
    // Prepare
    const dataDir = mkdtempSync(join(tmpdir(), 'attain-leftover-'));
    const leftover = await leaveJavaBehind(dataDir);
    expect(alive(leftover)).toBe(true);
    expect(readFileSync(join(dataDir, pidFileName), 'utf8')).toBe(String(leftover));

    // Act
    const stopped: number[] = [];
    const dynamo = await startDynamoDbLocal({ dataDir, javaOptions: testJavaOptions, onLeftoverStopped: (pid) => stopped.push(pid) });

    try {
      // Assess
      expect(stopped).toEqual([leftover]);
      expect(alive(leftover)).toBe(false);
      expect(readFileSync(join(dataDir, pidFileName), 'utf8')).toBe(String(dynamo.process.pid));
      const response = await fetch(dynamo.endpoint, { method: 'POST' });
      expect(response.status).toBeGreaterThanOrEqual(400); // DynamoDB answers (it wants a signed request)
    } finally {
      await dynamo.stop();
    }
    expect(existsSync(join(dataDir, pidFileName))).toBe(false);
  }, 60_000);

  it('leaves alone a process that is not DynamoDB Local on that directory, and forgets the stale pid file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'attain-leftover-'));
    writeFileSync(join(dataDir, pidFileName), String(process.pid));

    expect(await stopLeftoverDynamoDbLocal(dataDir)).toBeUndefined();
    expect(alive(process.pid)).toBe(true);
    expect(existsSync(join(dataDir, pidFileName))).toBe(false);

    writeFileSync(join(dataDir, pidFileName), 'not a pid');
    expect(await stopLeftoverDynamoDbLocal(dataDir)).toBeUndefined();
  });
});
