import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signDevToken } from '../../infra/local/dev-token.ts';
import { rawGet, startRecordingGateway, testSecret, type RecordingGateway } from './recording-gateway.ts';

describe('the local gateway builds the API Gateway payload 2.0 event', () => {
  let gateway: RecordingGateway;
  let token: string;

  beforeAll(async () => {
    gateway = await startRecordingGateway();
    token = await signDevToken({ sub: 'u-1', tenant: 't-event', role: 'manager' }, { secret: testSecret });
  });
  afterAll(() => gateway.close());
  beforeEach(() => void gateway.calls.splice(0));

  const lastEvent = () => gateway.calls.at(-1)!.event;

  it('passes method, route key, raw path, raw query and decoded path parameters', async () => {
    // Prepare
    const url = `${gateway.url}/records/deal%20type/id%3A42?ownerId=u-1&tag=a&tag=b%20c&empty=`;

    // Act
    const sentAt = Date.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const answeredAt = Date.now();

    // Assess
    expect(response.status).toBe(200);
    expect(gateway.calls.at(-1)!.group).toBe('records');
    const event = lastEvent();
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('GET /records/{recordType}/{id}');
    expect(event.rawPath).toBe('/records/deal%20type/id%3A42');
    expect(event.rawQueryString).toBe('ownerId=u-1&tag=a&tag=b%20c&empty=');
    expect(event.queryStringParameters).toEqual({ ownerId: 'u-1', tag: 'a,b c', empty: '' });
    expect(event.pathParameters).toEqual({ recordType: 'deal type', id: 'id:42' });
    expect(event.requestContext).toMatchObject({
      routeKey: 'GET /records/{recordType}/{id}',
      stage: '$default',
      http: { method: 'GET', path: '/records/deal%20type/id%3A42', protocol: 'HTTP/1.1', sourceIp: expect.stringMatching(/127\.0\.0\.1/) },
    });
    expect(event.requestContext.requestId).toBe(response.headers.get('apigw-requestid'));
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(event.requestContext.timeEpoch).toBeGreaterThanOrEqual(sentAt);
    expect(event.requestContext.timeEpoch).toBeLessThanOrEqual(answeredAt);
    expect(event.body).toBeUndefined();
    expect(event.isBase64Encoded).toBe(false);
  });

  it('lowercases headers, joins repeated ones with commas and moves cookies into cookies', async () => {
    // Prepare
    const headers = { Authorization: `Bearer ${token}`, 'X-Custom-Thing': ['one', 'two'], 'User-Agent': 'attain-test/1', Cookie: ['a=1; b=2', 'c=3'] };

    // Act
    await rawGet(`${gateway.url}/goals`, headers);

    // Assess
    const event = lastEvent();
    expect(event.headers['x-custom-thing']).toBe('one,two');
    expect(event.headers['user-agent']).toBe('attain-test/1');
    expect(event.requestContext.http.userAgent).toBe('attain-test/1');
    expect(event.headers.authorization).toBe(`Bearer ${token}`);
    expect(Object.keys(event.headers).every((name) => name === name.toLowerCase())).toBe(true);
    expect(event.cookies).toEqual(['a=1', 'b=2', 'c=3']);
    expect(event.headers.cookie).toBeUndefined();
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.pathParameters).toBeUndefined();
    expect(event.rawQueryString).toBe('');
  });

  it('hands over the verified claims as strings, numbers included, with no scopes', async () => {
    // Act
    await fetch(`${gateway.url}/settings`, { headers: { authorization: `Bearer ${token}` } });

    // Assess
    const { claims, scopes } = lastEvent().requestContext.authorizer.jwt;
    expect(claims).toMatchObject({ sub: 'u-1', tenant: 't-event', role: 'manager', iss: 'attain-local' });
    expect(claims.exp).toMatch(/^\d{10}$/);
    expect(claims.iat).toMatch(/^\d{10}$/);
    expect(scopes).toBeNull();
  });

  it('gives public routes no authorizer and needs no token for them', async () => {
    // Act
    const response = await fetch(`${gateway.url}/health`);

    // Assess
    expect(response.status).toBe(200);
    expect(lastEvent().routeKey).toBe('GET /health');
    expect(lastEvent().requestContext).not.toHaveProperty('authorizer');
  });

  it('passes JSON bodies as text and binary bodies base64-encoded', async () => {
    // Prepare
    const json = JSON.stringify({ name: 'Nordics ✓' });
    const binary = Buffer.from([0, 1, 2, 250, 255]);

    // Act
    await fetch(`${gateway.url}/goals`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' }, body: json });
    const jsonEvent = lastEvent();
    await fetch(`${gateway.url}/goals`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: binary });
    const binaryEvent = lastEvent();

    // Assess
    expect(jsonEvent.body).toBe(json);
    expect(jsonEvent.isBase64Encoded).toBe(false);
    expect(binaryEvent.isBase64Encoded).toBe(true);
    expect(Buffer.from(binaryEvent.body!, 'base64')).toEqual(binary);
  });

  it('gives the handler a Lambda context with a request id and remaining time', async () => {
    // Act
    await fetch(`${gateway.url}/units`, { headers: { authorization: `Bearer ${token}` } });

    // Assess
    const { context, event } = gateway.calls.at(-1)!;
    expect(context.awsRequestId).toBe(event.requestContext.requestId);
    expect(context.functionName).toBe('attain-api-units');
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(20_000);
  });
});

describe('the local gateway writes the handler result', () => {
  let gateway: RecordingGateway;
  let token: string;

  beforeAll(async () => {
    gateway = await startRecordingGateway();
    token = await signDevToken({ sub: 'u-1', tenant: 't-result', role: 'admin' }, { secret: testSecret });
  });
  afterAll(() => gateway.close());

  it('sends status, headers, cookies and a base64-decoded body', async () => {
    // Prepare
    gateway.respondWith(async () => ({
      statusCode: 201,
      headers: { 'content-type': 'application/octet-stream', etag: '"3"' },
      cookies: ['a=1; Path=/', 'b=2'],
      body: Buffer.from('binary!').toString('base64'),
      isBase64Encoded: true,
    }));

    // Act
    const response = await fetch(`${gateway.url}/goals`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });

    // Assess
    expect(response.status).toBe(201);
    expect(response.headers.get('etag')).toBe('"3"');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2']);
    expect(await response.text()).toBe('binary!');
  });

  it('answers 200 with JSON when the handler returns a bare object, as API Gateway does', async () => {
    // Prepare
    gateway.respondWith(async () => ({ status: 'ok' }));

    // Act
    const response = await fetch(`${gateway.url}/health`);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
