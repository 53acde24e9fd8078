// @vitest-environment node
import { describe, expect, test } from 'vitest';
import { identifyRequest, useEmulator } from './test-kit.js';

const setup = useEmulator();
const { call, handler } = setup;
const forwarded = () => setup.emulator.requests;

/**
 * A POST as it reaches a route handler: `url` is what the framework built (Next.js builds
 * `http://localhost:<port>/...` whatever the Host), `headers` what the browser and proxies sent.
 */
const post = (url: string, headers: Record<string, string>) =>
  new Request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"name":"Ada"}' });

describe('Fetch Metadata (Sec-Fetch-Site), sent by every current browser', () => {
  test('same-origin passes whatever the URL, Host and Origin say', async () => {
    const request = post('http://localhost:3000/api/featurebase/identify', { 'sec-fetch-site': 'same-origin', host: 'internal:3000', origin: 'https://app.example.com' });
    const { status, headers } = await call(handler(), request);
    expect([status, headers.get('access-control-allow-origin')]).toEqual([201, null]);
  });

  test.each(['cross-site', 'same-site', 'something-new'])('%s is refused even when Origin matches the Host', async (site) => {
    const request = post('http://app.example.com/api/featurebase/identify', { 'sec-fetch-site': site, host: 'app.example.com', origin: 'http://app.example.com' });
    const { status, body } = await call(handler(), request);
    expect([status, body.error.code]).toEqual([403, 'origin_not_allowed']);
    expect(forwarded()).toEqual([]);
  });

  test.each(['cross-site', 'same-site'])('%s from a listed origin passes, with CORS headers', async (site) => {
    const request = post('http://app.example.com/api', { 'sec-fetch-site': site, host: 'app.example.com', origin: 'https://www.example.com' });
    const { status, headers } = await call(handler({ allowedOrigins: ['https://www.example.com'] }), request);
    expect([status, headers.get('access-control-allow-origin')]).toEqual([201, 'https://www.example.com']);
  });

  test('none (a navigation the user started: address bar, bookmark) is no cross-site request', async () => {
    const request = post('http://localhost:3000/api', { 'sec-fetch-site': 'none', host: 'app.example.com' });
    expect((await call(handler(), request)).status).toBe(201);
  });
});

describe('without Fetch Metadata (older browsers, plain-http sites): Origin against the Host', () => {
  test('Next.js self-hosted: the URL says localhost, the Host and Origin say 127.0.0.1', async () => {
    const request = post('http://localhost:3000/api/featurebase/identify', { host: '127.0.0.1:4123', origin: 'http://127.0.0.1:4123' });
    expect((await call(handler(), request)).status).toBe(201);
  });

  test('behind a TLS-terminating proxy: an https Origin, an http request, the same host', async () => {
    const request = post('http://app.example.com/api/featurebase/identify', { host: 'app.example.com', origin: 'https://app.example.com', 'x-forwarded-proto': 'https' });
    expect((await call(handler(), request)).status).toBe(201);
  });

  test('host names compare case-insensitively, and default ports are the same host', async () => {
    const request = post('http://localhost/api', { host: 'App.Example.com:443', origin: 'https://app.example.com' });
    expect((await call(handler(), request)).status).toBe(201);
  });

  test('without a Host header, the URL host is the request host', async () => {
    expect((await call(handler(), post('http://app.example.com/api', { origin: 'https://app.example.com' }))).status).toBe(201);
  });

  test.each([
    ['another host', 'http://evil.example', 'app.example.com'],
    ['another port', 'http://app.example.com:8080', 'app.example.com'],
    ['a subdomain', 'https://www.app.example.com', 'app.example.com'],
    ['a suffix trick', 'https://app.example.com.evil.example', 'app.example.com'],
    ['an opaque origin', 'null', 'app.example.com'],
    ['an opaque origin and a Host that is no host name', 'null', 'not a host'],
  ])('%s is refused', async (_, origin, host) => {
    const { status, body } = await call(handler(), post('http://localhost:3000/api', { host, origin }));
    expect([status, body.error.code]).toEqual([403, 'origin_not_allowed']);
    expect(forwarded()).toEqual([]);
  });

  test('X-Forwarded-Host is not trusted: a page that gets past a preflight could set it', async () => {
    const request = post('http://localhost:3000/api', { host: 'app.example.com', origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' });
    expect((await call(handler(), request)).status).toBe(403);
  });

  test('neither Origin nor Fetch Metadata: not a cross-site browser request, so it passes', async () => {
    expect((await call(handler(), identifyRequest({ name: 'A' }))).status).toBe(201);
  });
});
