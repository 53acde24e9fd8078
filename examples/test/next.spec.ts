// examples/next: built by `next build` without FEATUREBASE_API_KEY, run by `next start`, visited
// at 127.0.0.1 (Next.js builds route handlers' request.url as localhost whatever the Host).
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { startApp, useApp } from './apps';
import { identifyFlow } from './flow';

const setup = useApp('next', { SESSION_SECRET: 'example-session-secret-8f14e45f' });

test('the node runtime route: 401 signed out, created then updated, 403 for another user', async ({ page }) => {
  const calls: string[] = [];
  page.on('request', (request) => request.method() == 'POST' && calls.push(new URL(request.url()).pathname));
  await identifyFlow(page, `${setup.app.url}/`, setup.emulator);
  expect(new Set(calls.filter((path) => path.includes('featurebase')))).toEqual(new Set(['/api/featurebase/identify']));
});

test('the edge runtime route: the same', async ({ page }) => {
  const calls: string[] = [];
  page.on('request', (request) => request.method() == 'POST' && calls.push(new URL(request.url()).pathname));
  await identifyFlow(page, `${setup.app.url}/?runtime=edge`, setup.emulator, 'grace@example.com');
  expect(new Set(calls.filter((path) => path.includes('featurebase')))).toEqual(new Set(['/api/edge/featurebase/identify']));
});

for (const path of ['/api/featurebase/identify', '/api/edge/featurebase/identify']) {
  test(`${path}: a browser without Fetch Metadata passes on Origin = Host; another site is refused`, async ({ page }) => {
    await page.goto(`${setup.app.url}/`);
    await page.fill('input[name=email]', 'ada@example.com');
    await page.click('button:text("Sign in")');
    await expect(page.locator('#session-outcome')).toHaveText(/created|updated/);
    // page.request shares the page's cookies, and sends only the headers given here.
    const post = (headers: Record<string, string>) => page.request.post(setup.app.url + path, { headers: { 'content-type': 'application/json', ...headers }, data: { name: 'Ada' } });
    expect((await post({ origin: setup.app.url })).status()).toBe(200);
    const foreign = await post({ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect([foreign.status(), (await foreign.json()).error.code]).toEqual([403, 'origin_not_allowed']);
    const foreignOld = await post({ origin: 'https://evil.example' });
    expect(foreignOld.status()).toBe(403);
  });
}

test('the edge route is built as an edge function', async () => {
  const manifest = JSON.parse(readFileSync('examples/next/.next/server/middleware-manifest.json', 'utf8'));
  expect(Object.keys(manifest.functions ?? {})).toContain('/api/edge/featurebase/identify/route');
});

test('started without FEATUREBASE_API_KEY: 500 misconfigured on both runtimes, one clear log line', async ({ request }) => {
  const unconfigured = await startApp('next', { SESSION_SECRET: 'example-session-secret-8f14e45f' });
  try {
    for (const path of ['/api/featurebase/identify', '/api/featurebase/identify', '/api/edge/featurebase/identify']) {
      const response = await request.post(unconfigured.url + path, { headers: { 'content-type': 'application/json' }, data: { name: 'Ada' } });
      expect([response.status(), (await response.json()).error.code]).toEqual([500, 'misconfigured']);
    }
    // One line for each runtime's handler, however many requests (read as the app's output arrives).
    const lines = () => unconfigured.output().split('\n').filter((line) => line.includes('[featurebase] The identify endpoint is misconfigured'));
    await expect.poll(() => lines().length).toBe(2);
    expect(lines().every((line) => line.includes('needs an apiKey'))).toBe(true);
  } finally {
    await unconfigured.stop();
  }
});
