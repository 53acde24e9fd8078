import type { Page } from '@playwright/test';
import { expect, test, type App } from './app';

const ada = { userId: 'u_ada', email: 'ada@example.com', name: 'Ada' };
const bob = { userId: 'u_bob', email: 'bob@example.com', name: 'Bob' };

async function open(page: Page, app: App, head = '') {
  app.server.pages.set('/', `<!doctype html><html><head>${head}<script src="/dist/featurebase.umd.js"></script></head><body></body></html>`);
  await page.goto(app.url + '/');
}

const identify = (page: Page, contact: object, options: object = {}) =>
  page.evaluate(
    ([c, o]) => (window as any).Featurebase.identify(c, o).then((r: any) => ({ status: r.status, userId: r.contact?.userId }), (e: any) => ({ code: e.code, status: e.status })),
    [contact, options] as const,
  );

test('two 503s then success: delivered once, resolves created', async ({ page, app }) => {
  await open(page, app);
  app.emulator.fail({ status: 503, times: 2 });
  expect(await identify(page, ada)).toEqual({ status: 'created', userId: 'u_ada' });
  expect(app.upstream()).toHaveLength(3);
  expect(app.emulator.contacts().map((c) => c.userId)).toEqual(['u_ada']);
});

test('429 with Retry-After: 2 waits at least 2 s before the retry', async ({ page, app }) => {
  await open(page, app);
  app.emulator.fail({ status: 429, times: 1, retryAfter: 2 });
  expect(await identify(page, ada)).toMatchObject({ status: 'created' });
  const times = app.emulator.requests.filter((r) => r.path === '/v2/contacts').map((r) => r.receivedAt);
  expect(times).toHaveLength(2);
  expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(2000);
});

test('400 from Featurebase: no retry', async ({ page, app }) => {
  await open(page, app);
  app.emulator.fail({ status: 400, times: 3 });
  expect(await identify(page, ada)).toEqual({ code: 'http', status: 400 });
  await page.waitForTimeout(1500);
  expect(app.upstream()).toHaveLength(1);
});

test('offline: delivered after going online, without spending attempts', async ({ page, app, context }) => {
  await open(page, app);
  await context.setOffline(true);
  const result = identify(page, ada);
  await page.waitForTimeout(1500);
  expect(app.upstream()).toHaveLength(0);
  await context.setOffline(false);
  expect(await result).toMatchObject({ status: 'created' });
  expect(app.upstream()).toHaveLength(1);
});

test('a reload while the request is held: delivered after the reload, exactly once', async ({ page, app }) => {
  await open(page, app);
  const release = app.emulator.hold();
  void identify(page, ada).catch(() => {});
  await expect.poll(() => app.upstream().length).toBe(1);
  await page.reload();
  release();
  await expect.poll(() => page.evaluate(() => localStorage.getItem('featurebase-identify:pending'))).toBeNull();
  expect(app.emulator.contacts().map((c) => c.userId)).toEqual(['u_ada']);
  expect(app.upstream()).toHaveLength(1);
});

test('the same contact identified across a reload costs one request', async ({ page, app }) => {
  await open(page, app);
  expect(await identify(page, ada)).toMatchObject({ status: 'created' });
  await page.reload();
  expect(await identify(page, ada)).toEqual({ status: 'unchanged' });
  expect(app.upstream()).toHaveLength(1);
});

test("switching A to B quickly with A's answer delayed: Featurebase and getIdentity end on B", async ({ page, app }) => {
  await open(page, app);
  app.emulator.setLatency(800);
  const results = await page.evaluate(
    ([a, b]) => {
      const fb = (window as any).Featurebase;
      const first = fb.identify(a);
      return new Promise((resolve) => setTimeout(resolve, 100)).then(() =>
        Promise.all([first, fb.identify(b)]).then((all) => all.map((r: any) => r.status).concat(fb.getIdentity().userId)),
      );
    },
    [ada, bob] as const,
  );
  expect(results).toEqual(['superseded', 'created', 'u_bob']);
  expect(app.upstream().map((b) => b.userId)).toEqual(['u_ada', 'u_bob']);
  expect(await page.evaluate(() => (window as any).Featurebase.getIdentity().userId)).toBe('u_bob');
});

test('reset in one tab clears the identity in another', async ({ page, app, context }) => {
  await open(page, app);
  expect(await identify(page, ada)).toMatchObject({ status: 'created' });
  const other = await context.newPage();
  await other.goto(app.url + '/');
  expect(await other.evaluate(() => (window as any).Featurebase.getIdentity()?.userId)).toBe('u_ada');
  await page.evaluate(() => (window as any).Featurebase.reset());
  await expect.poll(() => other.evaluate(() => (window as any).Featurebase.getIdentity())).toBeNull();
  expect(await identify(other, ada)).toMatchObject({ status: 'updated' });
});

test('storage that throws: identify still works, from memory', async ({ page, app }) => {
  await page.addInitScript(() => {
    const fail = () => {
      throw new DOMException('blocked', 'SecurityError');
    };
    Object.defineProperty(window, 'localStorage', { get: fail });
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await open(page, app);
  expect(await identify(page, ada)).toMatchObject({ status: 'created' });
  expect(await identify(page, ada)).toEqual({ status: 'unchanged' });
  expect(errors).toEqual([]);
  expect(app.upstream()).toHaveLength(1);
});
