import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingGateway, testSecret, type RecordingGateway } from './recording-gateway.ts';

const run = promisify(execFile);
const tsx = 'node_modules/.bin/tsx';

async function token(args: string[], secret = testSecret): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(tsx, ['infra/local/token.ts', ...args], { env: { ...process.env, ATTAIN_DEV_SECRET: secret } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run token', () => {
  let gateway: RecordingGateway;

  beforeAll(async () => {
    gateway = await startRecordingGateway();
  });
  afterAll(() => gateway.close());

  it('prints just a token that the gateway accepts, with the requested claims', async () => {
    // Act
    const result = await token(['--tenant', 'demo', '--user', 'u-admin', '--role', 'admin']);
    const response = await fetch(`${gateway.url}/goals`, { headers: { authorization: `Bearer ${result.stdout.trim()}` } });

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(response.status).toBe(200);
    const { claims } = gateway.calls.at(-1)!.event.requestContext.authorizer.jwt;
    expect(claims).toMatchObject({ sub: 'u-admin', tenant: 'demo', role: 'admin' });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(12 * 3600);
  });

  it('signs with ATTAIN_DEV_SECRET, so a token for another secret is refused', async () => {
    const result = await token(['--tenant', 'demo', '--user', 'u-admin', '--role', 'admin'], 'another-secret');
    const response = await fetch(`${gateway.url}/goals`, { headers: { authorization: `Bearer ${result.stdout.trim()}` } });
    expect(response.status).toBe(401);
  });

  it('honours --expires-in', async () => {
    const result = await token(['--tenant', 'demo', '--user', 'u-1', '--role', 'member', '--expires-in', '30m']);
    const payload = JSON.parse(Buffer.from(result.stdout.split('.')[1]!, 'base64url').toString()) as { exp: number; iat: number };
    expect(payload.exp - payload.iat).toBe(1800);
  });

  it.each([
    [['--tenant', 'demo', '--user', 'u-1'], /--role is required/],
    [['--tenant', 'demo', '--user', 'u-1', '--role', 'owner'], /--role: must be one of admin, manager, member, integration/],
    [['--tenant', 'de mo', '--user', 'u-1', '--role', 'admin'], /--tenant: must be 1–128 characters/],
    [['--tenant', 'demo', '--user', 'x'.repeat(129), '--role', 'admin'], /--user: must be 1–128/],
    [['--tenant', 'demo', '--user', 'u-1', '--role', 'admin', '--colour', 'red'], /Unknown option '--colour'/],
    [['--tenant', 'demo', '--user', 'u-1', '--role', 'admin', '--expires-in', 'soon'], /--expires-in/],
  ])('exits non-zero with a clear message for %j', async (args, message) => {
    const result = await token(args);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Usage: npm run token');
  });

  it('prints usage for --help and exits 0', async () => {
    const result = await token(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: npm run token -- --tenant <id> --user <id> --role <admin|manager|member|integration>');
  });
});
