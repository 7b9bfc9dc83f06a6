import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, attainClient, ConnectionError } from '../../infra/client/attain-client.ts';

/** A server that answers each path as the table says and echoes what it was sent. */
let server: Server;
let url = '';
const seen: { method?: string; url?: string; authorization?: string; contentType?: string; body: string }[] = [];

function answer(request: IncomingMessage): { status: number; text: string } {
  switch (request.url) {
    case '/ok':
      return { status: 200, text: '{"a":1}' };
    case '/empty':
      return { status: 204, text: '' };
    case '/refused':
      return { status: 409, text: '{"error":{"code":"conflict","message":"Already there","details":[{"path":"id"}]}}' };
    case '/plain':
      return { status: 502, text: '{"message":"Bad Gateway"}' };
    case '/html':
      return { status: 200, text: '<html>' };
    default:
      return { status: 404, text: '{"error":{"code":"not_found","message":"No such thing"}}' };
  }
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({ method: request.method, url: request.url, authorization: request.headers.authorization, contentType: request.headers['content-type'], body: Buffer.concat(chunks).toString() });
      const { status, text } = answer(request);
      response.writeHead(status, { 'content-type': 'application/json' }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('attainClient', () => {
  it('sends the bearer token and JSON, and decodes JSON answers whatever their status', async () => {
    const api = attainClient(url, 'tok');
    expect(api.url).toBe(url.replace(/\/$/, ''));
    const ok = await api.send('POST', '/ok', { x: 1 });
    expect(ok).toMatchObject({ status: 200, body: { a: 1 } });
    expect(seen.at(-1)).toEqual({ method: 'POST', url: '/ok', authorization: 'Bearer tok', contentType: 'application/json', body: '{"x":1}' });
    expect(await api.send('GET', '/refused')).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    expect((await api.send('DELETE', '/empty')).body).toBeUndefined();
  });

  it('sends a string body as it is, without a token when there is none, and lets headers replace the defaults', async () => {
    await attainClient(url).send('POST', '/ok', '{"broken', { 'content-type': 'text/plain' });
    expect(seen.at(-1)).toEqual({ method: 'POST', url: '/ok', authorization: undefined, contentType: 'text/plain', body: '{"broken' });
  });

  it('call answers the body of an expected status and throws ApiError with the contract error decoded otherwise', async () => {
    const api = attainClient(url, 'tok');
    expect(await api.call('GET', '/ok')).toEqual({ a: 1 });
    expect(await api.call('GET', '/missing', undefined, [200, 404])).toMatchObject({ error: { code: 'not_found' } });
    const refused = await api.call('PUT', '/refused', {}).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 409, code: 'conflict', reason: 'Already there', details: [{ path: 'id' }], route: 'PUT /refused' });
    expect((refused as Error).message).toMatch(/^PUT \/refused answered 409: \{"error"/);
    await expect(api.call('GET', '/plain')).rejects.toMatchObject({ status: 502, code: 'http_error', reason: 'Bad Gateway' });
    await expect(api.call('GET', '/ok', undefined, [201])).rejects.toMatchObject({ status: 200, code: 'http_error', reason: 'HTTP 200' });
  });

  it('refuses a body that is not JSON with not_json, from send and call alike', async () => {
    const api = attainClient(url, 'tok');
    await expect(api.send('GET', '/html')).rejects.toMatchObject({ code: 'not_json', reason: 'GET /html answered 200 with a body that is not JSON' });
    await expect(api.call('GET', '/html')).rejects.toMatchObject({ code: 'not_json', status: 200 });
  });

  it('throws ConnectionError when nothing answers', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await attainClient(`http://127.0.0.1:${port}`, 'tok').call('GET', '/ok').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe(`Could not reach Attain at http://127.0.0.1:${port}`);
  });
});
