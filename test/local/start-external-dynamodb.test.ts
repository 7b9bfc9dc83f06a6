import { afterEach, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { newDataDir, spawnStart, tokenOf, type StartedProcess } from './start-process.ts';

let attain: StartedProcess | undefined;
afterEach(() => attain?.killGroup());

describe('npm start with ATTAIN_DYNAMODB_ENDPOINT', () => {
  it('uses that DynamoDB, creates ATTAIN_TABLE there and starts no Java', async () => {
    // Prepare
    const port = await freePort();
    const env = {
      PORT: String(port),
      ATTAIN_DATA_DIR: newDataDir(),
      ATTAIN_DYNAMODB_ENDPOINT: inject('ddbEndpoint'),
      ATTAIN_TABLE: `attain-start-${port}`,
      ATTAIN_NO_DEMO: '1',
    };

    // Act
    attain = spawnStart(env);
    await attain.waitFor(/^Attain listening on http:\/\/localhost:\d+$/m);
    const token = await tokenOf(attain);
    const settings = await fetch(`http://localhost:${port}/settings`, { headers: { authorization: `Bearer ${token}` } });
    attain.child.kill('SIGTERM');
    const { code } = await attain.exited;

    // Assess
    expect(attain.output()).toContain(`Using the DynamoDB at ${inject('ddbEndpoint')} (table attain-start-${port})`);
    expect(attain.output()).toContain(`Created table attain-start-${port}`);
    expect(attain.output()).not.toContain('DynamoDB Local (pid');
    expect(settings.status).toBe(200);
    expect(code).toBe(0);
  }, 60_000);

  it('refuses a malformed configuration with the variable name', async () => {
    attain = spawnStart({ PORT: 'eighty', ATTAIN_DYNAMODB_ENDPOINT: 'not a url', ATTAIN_DATA_DIR: newDataDir() });
    const { code } = await attain.exited;
    expect(code).toBe(1);
    expect(attain.output()).toMatch(/PORT: .*number/);
    expect(attain.output()).toMatch(/ATTAIN_DYNAMODB_ENDPOINT: Invalid URL/);
  }, 60_000);
});
