import { test as base, expect, type Page } from '@playwright/test';
// The built server and testing entries, as an app would install them.
import { createNodeHandler } from 'featurebase-identify/server';
import { startEmulator, verifyWidgetToken, type StartedEmulator } from 'featurebase-identify/testing';
import { add, openBlankPage, received } from './coexist-page';
import { startTestServer, type TestServer } from './static-server';

// One identify for every Featurebase surface, on the built bundles: the real proxy (jwtSecret)
// signs the widgets' token for the signed-in user, featurebase-widgets.umd.js hands it to
// Featurebase's runtime (the hostile stand-in of the coexistence tests) in order with the page's
// own widget commands, once per token, and reset() shuts the runtime's user down.

const JWT_SECRET = 'fb_jwt_secret_e2e_7d41c9a0b3';
const ada = { userId: 'u_ada', email: 'ada@example.com' };

interface Signing {
  url: string;
  server: TestServer;
  emulator: StartedEmulator;
}

/** An app whose proxy signs tokens, for the user its `user` cookie names (`u_ada`: Ada). */
const test = base.extend<{ app: Signing }>({
  app: async ({}, use) => {
    const emulator = await startEmulator();
    const server = await startTestServer({
      identify: createNodeHandler({
        apiKey: emulator.apiKey,
        baseUrl: emulator.url,
        jwtSecret: JWT_SECRET,
        timeoutMs: 5000,
        resolveUser: (request) => (/(^|;\s*)user=u_ada(;|$)/.test(request.headers.get('cookie') || '') ? ada : null),
      }),
    });
    await use({ url: server.url, server, emulator });
    await server.close();
    await emulator.close();
  },
});

/** Signs Ada in (the cookie the proxy's resolveUser reads), then loads a script-tag bundle after the README stub. */
async function openSignedIn(page: Page, app: Signing, bundle: string): Promise<void> {
  await openBlankPage(page, app.server.pages, app.url);
  await page.evaluate(() => (document.cookie = 'user=u_ada; path=/'));
  await add(page, 'their snippet');
  await add(page, 'our stub');
  await page.evaluate(
    (src) =>
      new Promise((resolve, reject) => document.head.append(Object.assign(document.createElement('script'), { src, onload: resolve, onerror: reject }))),
    bundle,
  );
}

/** Identifies Ada; in the callback, the page's next widget command. Resolves with the result. */
const identifyThenOpen = (page: Page, name: string) =>
  page.evaluate(
    ({ ada, name }) =>
      new Promise<any>((resolve) =>
        (window as any).Featurebase.identify({ ...ada, name }, (error: unknown, result: any) => {
          (window as any).Featurebase('manually_open_changelog_popup', { after: name });
          resolve(error || result);
        }),
      ),
    { ada, name },
  );

test('featurebase-widgets.umd.js: the runtime gets the token once, in order with the widget commands, and shutdown on reset()', async ({ page, app }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await openBlankPage(page, app.server.pages, app.url);
  await page.evaluate(() => (document.cookie = 'user=u_ada; path=/'));
  await add(page, 'their snippet');
  await add(page, 'our stub');
  // Before either SDK has loaded: our init and their first widget command, queued.
  await page.evaluate(() => {
    const fb = (window as any).Featurebase;
    fb('init', { widgets: { appId: 'app_1', theme: 'dark' } });
    fb('initialize_feedback_widget', { organization: 'acme' });
  });
  await page.evaluate(
    () => new Promise((resolve, reject) => document.head.append(Object.assign(document.createElement('script'), { src: '/dist/featurebase-widgets.umd.js', onload: resolve, onerror: reject }))),
  );
  await add(page, 'their runtime');

  const first = await identifyThenOpen(page, 'Ada');
  expect(first.status).toBe('created');
  const claims = await verifyWidgetToken(first.featurebaseJwt, JWT_SECRET);
  expect(claims).toMatchObject({ userId: 'u_ada', email: 'ada@example.com', name: 'Ada' });
  expect(first.contact).not.toHaveProperty('featurebaseJwt');
  // The same contact again: unchanged, with the token this page has, and nothing new for the runtime.
  const again = await identifyThenOpen(page, 'Ada');
  expect(again).toMatchObject({ status: 'unchanged', featurebaseJwt: first.featurebaseJwt });

  await page.evaluate(() => (window as any).Featurebase.reset());
  expect(await received(page)).toEqual([
    ['initialize_feedback_widget', { organization: 'acme' }],
    ['boot', { appId: 'app_1', theme: 'dark', featurebaseJwt: first.featurebaseJwt }],
    ['manually_open_changelog_popup', { after: 'Ada' }],
    ['manually_open_changelog_popup', { after: 'Ada' }],
    ['shutdown', undefined],
  ]);
  // The contact reached Featurebase's contacts API once; the token went nowhere but the page.
  const upstream = app.emulator.requests.filter((r) => r.path === '/v2/contacts');
  expect(upstream.map((r) => r.body)).toEqual([{ ...ada, name: 'Ada' }]);
  expect(JSON.stringify(upstream)).not.toContain(first.featurebaseJwt);
  expect(pageErrors).toEqual([]);
});

test('featurebase-widgets.umd.js: a new token identifies the booted runtime; the next page boots it again with a token of its own', async ({ page, app }) => {
  await openSignedIn(page, app, '/dist/featurebase-widgets.umd.js');
  await page.evaluate(() => (window as any).Featurebase.init({ widgets: { appId: 'app_1' } }));
  await add(page, 'their runtime');
  const first = await identifyThenOpen(page, 'Ada');
  const second = await identifyThenOpen(page, 'Ada L.');
  expect(second.featurebaseJwt).not.toBe(first.featurebaseJwt);
  expect((await received(page)).map(([name, payload]) => [name, payload?.featurebaseJwt])).toEqual([
    ['boot', first.featurebaseJwt],
    ['manually_open_changelog_popup', undefined],
    ['identify', second.featurebaseJwt],
    ['manually_open_changelog_popup', undefined],
  ]);

  // The next page: the same contact was delivered, but this page has no token for it, so it asks again.
  await openSignedIn(page, app, '/dist/featurebase-widgets.umd.js');
  await page.evaluate(() => (window as any).Featurebase.init({ widgets: { appId: 'app_1' } }));
  await add(page, 'their runtime');
  const next = await identifyThenOpen(page, 'Ada L.');
  expect(next.status).toMatch(/^(created|updated)$/);
  expect(await verifyWidgetToken(next.featurebaseJwt, JWT_SECRET)).toMatchObject({ userId: 'u_ada', name: 'Ada L.' });
  expect((await received(page)).map(([name]) => name)).toEqual(['boot', 'manually_open_changelog_popup']);
});

test('featurebase.umd.js, the core, has no widgets option: init({ widgets }) is refused, naming it', async ({ page, app }) => {
  await openSignedIn(page, app, '/dist/featurebase.umd.js');
  const refused = await page.evaluate(() => {
    try {
      (window as any).Featurebase.init({ widgets: { appId: 'app_1' } });
    } catch (error: any) {
      return [error.code, error.param];
    }
  });
  expect(refused).toEqual(['invalid_options', 'widgets']);
});
