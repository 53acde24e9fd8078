// examples/express: Express 5, started with `npm start`; directly, behind a TLS-terminating proxy
// (HTTP/1.1), and behind one that speaks HTTP/2 to the browser (Express itself cannot serve
// node:http2's requests: see examples/node for the adapter on node:http2).
import { expect, test } from '@playwright/test';
import { useApp } from './apps';
import { identifyFlow } from './flow';
import { startTlsProxy } from './tls';

const setup = useApp('express');

test('mounted before express.json(): 401 signed out, created then updated, 403 for another user', async ({ page }) => {
  await identifyFlow(page, `${setup.app.url}/`, setup.emulator);
});

test('mounted after express.json(): the same', async ({ page }) => {
  await identifyFlow(page, `${setup.app.url}/?endpoint=/api/parsed/featurebase/identify`, setup.emulator, 'grace@example.com');
});

test("after express.json(), the parser's own refusals come in Featurebase's shape", async ({ request }) => {
  const post = (data: string) => request.post(`${setup.app.url}/api/parsed/featurebase/identify`, { headers: { 'content-type': 'application/json' }, data });
  const malformed = await post('{"email":');
  expect([malformed.status(), (await malformed.json()).error]).toEqual([400, expect.objectContaining({ type: 'invalid_request_error', code: 'invalid_json', status: 400 })]);
  const large = await post(JSON.stringify({ name: 'x'.repeat(200_000) }));
  expect([large.status(), (await large.json()).error.code]).toEqual([413, 'body_too_large']);
  expect(setup.emulator.requests).toEqual([]);
  // Without that error handler, the parser's refusal is Express's HTML error page (README says so).
  const elsewhere = await request.post(`${setup.app.url}/me`, { headers: { 'content-type': 'application/json' }, data: '{"email":' });
  expect([elsewhere.status(), elsewhere.headers()['content-type']]).toEqual([400, 'text/html; charset=utf-8']);
});

for (const protocol of ['http/1.1', 'h2'] as const) {
  test(`behind a TLS-terminating proxy speaking ${protocol} to the browser: the same, same-origin without configuration`, async ({ page }) => {
    const proxy = await startTlsProxy(setup.app.url, protocol);
    try {
      // A user of this test alone: the app lives across the file's tests, and its proxy answers a
      // user's unchanged contact from its dedupe, while the emulator is emptied before each test.
      await identifyFlow(page, `${proxy.url}/`, setup.emulator, `linus.${protocol.replace(/\W/g, '')}@example.com`);
      expect(await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).nextHopProtocol)).toBe(protocol);
      // A browser without Fetch Metadata: the https Origin against the Host the proxy kept.
      const viaOrigin = await page.request.post(`${proxy.url}/api/featurebase/identify`, { headers: { 'content-type': 'application/json', origin: proxy.url }, data: { name: 'Ada' } });
      expect(viaOrigin.status()).toBe(200);
    } finally {
      await proxy.close();
    }
  });
}
