import { SignJWT } from 'jose';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { signDevToken } from '../../infra/local/dev-token.ts';
import { maxPayloadBytes } from '../../infra/local/gateway.ts';
import { startRecordingGateway, testSecret, type RecordingGateway } from './recording-gateway.ts';

const secretKey = new TextEncoder().encode(testSecret);

describe('the local gateway refuses what API Gateway refuses', () => {
  let gateway: RecordingGateway;

  beforeAll(async () => {
    gateway = await startRecordingGateway();
  });
  afterAll(() => gateway.close());
  beforeEach(() => void gateway.calls.splice(0));

  const getGoals = (authorization?: string) =>
    fetch(`${gateway.url}/goals`, authorization ? { headers: { authorization } } : {});

  async function expectUnauthorized(response: Response, message: RegExp): Promise<void> {
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unauthorized');
    expect(body.error.message).toMatch(message);
    expect(gateway.calls).toHaveLength(0);
  }

  it('answers 401 without a bearer token', async () => {
    await expectUnauthorized(await getGoals(), /missing bearer token/i);
    await expectUnauthorized(await getGoals('Basic dXNlcjpwYXNz'), /missing bearer token/i);
  });

  it('answers 401 to a token signed with another secret', async () => {
    const token = await signDevToken({ sub: 'u-1', tenant: 't-1', role: 'admin' }, { secret: 'not-the-secret' });
    await expectUnauthorized(await getGoals(`Bearer ${token}`), /invalid token/i);
  });

  it('answers 401 to garbage and to an unsigned token', async () => {
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"u","tenant":"t","role":"admin","iss":"attain-local","exp":9999999999}').toString('base64url')}.`;
    await expectUnauthorized(await getGoals('Bearer not.a.jwt'), /invalid token/i);
    await expectUnauthorized(await getGoals(`Bearer ${unsigned}`), /invalid token/i);
  });

  it('answers 401 to an expired token', async () => {
    const token = await signDevToken({ sub: 'u-1', tenant: 't-1', role: 'admin' }, { secret: testSecret, now: new Date(Date.now() - 3 * 3600_000), expiresInSeconds: 3600 });
    await expectUnauthorized(await getGoals(`Bearer ${token}`), /expired/i);
  });

  it('answers 401 to a token without a tenant claim or with an unknown role', async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    const withoutTenant = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u-1').setIssuer('attain-local').setExpirationTime(exp).sign(secretKey);
    const badRole = await new SignJWT({ role: 'owner', tenant: 't-1' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u-1').setIssuer('attain-local').setExpirationTime(exp).sign(secretKey);
    await expectUnauthorized(await getGoals(`Bearer ${withoutTenant}`), /tenant/);
    await expectUnauthorized(await getGoals(`Bearer ${badRole}`), /role/);
  });

  it('answers 401 to a token from another issuer or without an expiry', async () => {
    const otherIssuer = await new SignJWT({ role: 'admin', tenant: 't-1' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u-1').setIssuer('someone-else').setExpirationTime('10m').sign(secretKey);
    const noExpiry = await new SignJWT({ role: 'admin', tenant: 't-1' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u-1').setIssuer('attain-local').sign(secretKey);
    await expectUnauthorized(await getGoals(`Bearer ${otherIssuer}`), /invalid token/i);
    await expectUnauthorized(await getGoals(`Bearer ${noExpiry}`), /invalid token/i);
  });

  it('answers 404 not_found to an unknown path and to a known path with another method', async () => {
    const unknown = await fetch(`${gateway.url}/nope`);
    const wrongMethod = await fetch(`${gateway.url}/health`, { method: 'DELETE' });

    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: 'not_found', message: 'No route GET /nope' } });
    expect(wrongMethod.status).toBe(404);
    expect(await wrongMethod.json()).toEqual({ error: { code: 'not_found', message: 'No route DELETE /health' } });
    expect(gateway.calls).toHaveLength(0);
  });

  it('answers 413 payload_too_large above 10 MiB without calling the handler', async () => {
    const token = await signDevToken({ sub: 'u-1', tenant: 't-1', role: 'admin' }, { secret: testSecret });
    const declared = await fetch(`${gateway.url}/records/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: Buffer.alloc(maxPayloadBytes + 1, 0x20),
    });
    const streamed = await postChunked(`${gateway.url}/records/batch`, token, maxPayloadBytes + 64 * 1024);
    const justUnder = await fetch(`${gateway.url}/records/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: Buffer.alloc(maxPayloadBytes, 0x20),
    });

    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    expect(streamed).toBe(413);
    expect(justUnder.status).toBe(200);
    expect(gateway.calls).toHaveLength(1);
    expect(gateway.calls[0]!.event.body).toHaveLength(maxPayloadBytes);
  });

  it('answers 500 internal without the error message when the handler throws, and logs it', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    gateway.respondWith(async () => {
      throw new Error('secret table name leaked');
    });

    const response = await fetch(`${gateway.url}/health`);
    const text = await response.text();

    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'Internal error' } });
    expect(text).not.toContain('leaked');
    expect(logged.mock.calls.flat().some((arg) => arg instanceof Error && arg.message.includes('leaked'))).toBe(true);
    logged.mockRestore();
  });
});

/** POSTs `size` bytes with chunked transfer encoding (no content-length) and returns the status. */
function postChunked(url: string, token: string, size: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once('error', reject);
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    let sent = 0;
    const pump = (): void => {
      while (sent < size) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once('drain', pump);
      }
      request.end();
    };
    pump();
  });
}
