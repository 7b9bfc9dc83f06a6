import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { newDataDir, spawnStart } from './start-process.ts';

describe('npm start without Java', () => {
  it('exits 1 with the paragraph that says what to install and names ATTAIN_DYNAMODB_ENDPOINT', async () => {
    // Prepare: a PATH that holds node and nothing else (java often sits beside node in /usr/bin)
    const binDir = mkdtempSync(join(tmpdir(), 'attain-nojava-'));
    symlinkSync(process.execPath, join(binDir, 'node'));
    const env = { PATH: binDir, PORT: String(await freePort()), ATTAIN_DATA_DIR: newDataDir(), ATTAIN_DYNAMODB_ENDPOINT: '' };

    // Act
    const attain = spawnStart(env, [join(binDir, 'node'), 'node_modules/tsx/dist/cli.mjs', 'infra/local/start.ts']);
    const { code } = await attain.exited;

    // Assess
    expect(code).toBe(1);
    expect(attain.output()).toMatch(/Java 17\+ runtime/);
    expect(attain.output()).toMatch(/openjdk-17-jre-headless/);
    expect(attain.output()).toMatch(/ATTAIN_DYNAMODB_ENDPOINT=http:\/\/localhost:8000 npm start/);
    expect(attain.output()).not.toMatch(/Attain listening/);
    expect(attain.output()).not.toMatch(/\n\s+at /); // a paragraph, not a stack trace
  }, 60_000);
});
