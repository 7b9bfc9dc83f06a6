import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, startTestApi, type TestApi } from '../support/api.ts';

describe('public routes', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('answers GET /health with {"status":"ok"} without a token', async () => {
    // Act
    const response = await send(api.url, 'GET', '/health', undefined);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers GET /health even when the caller sends a token that would not verify', async () => {
    // Act
    const response = await send(api.url, 'GET', '/health', 'not.a.token');

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('serves GET /openapi.json without a token', async () => {
    // Act
    const response = await send<Record<string, unknown>>(api.url, 'GET', '/openapi.json', undefined);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.body.openapi).toBe('3.1.0');
  });
});
