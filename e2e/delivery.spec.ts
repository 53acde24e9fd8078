import type { Page } from '@playwright/test';
import { expect, test, type App } from './app';

const ada = { userId: 'u_ada', email: 'ada@example.com', name: 'Ada' };
const bob = { userId: 'u_bob', email: 'bob@example.com', name: 'Bob' };

async function open(page: Page, app: App, head = '') {
  app.server.pages.set('/', `<!doctype html><html><head>${head}<script src="/dist/featurebase.umd.js"></script></head><body></body></html>`);
  await page.goto(app.url + '/');
}

/** Records the SDK's delivery states in the page, from now on; {@link states} reads them. */
const recordStates = (page: Page) =>
  page.evaluate(() => {
    (window as any).states = [];
    (window as any).Featurebase.on('state', (s: { state: string }) => (window as any).states.push(s.state));
  });
const states = (page: Page): Promise<string[]> => page.evaluate(() => (window as any).states);

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

test('429 with Retry-After: 2: the retry waits the 2 s asked, on the page clock', async ({ page, app }) => {
  await page.clock.install();
  await open(page, app);
  // From now on the page's timers fire only when the test runs the clock.
  await page.clock.pauseAt(Date.now() + 1000);
  await recordStates(page);
  app.emulator.fail({ status: 429, times: 1, retryAfter: 2 });
  const result = identify(page, ada);
  await expect.poll(() => states(page)).toEqual(['sending', 'retrying']);
  await page.clock.runFor(1999);
  expect(await states(page)).toEqual(['sending', 'retrying']);
  // The proxy too stops forwarding for the 2 s Featurebase asked, on the server's real clock:
  // let that pass before the page's clock sends the retry.
  const refusedAt = app.emulator.requests[0].receivedAt;
  await expect.poll(() => Date.now() - refusedAt, { intervals: [100] }).toBeGreaterThan(2250);
  await page.clock.runFor(1);
  expect(await result).toMatchObject({ status: 'created' });
  expect(await states(page)).toEqual(['sending', 'retrying', 'sending', 'idle']);
  expect(app.upstream()).toHaveLength(2);
});

test('400 from Featurebase: no retry', async ({ page, app }) => {
  await open(page, app);
  await recordStates(page);
  app.emulator.fail({ status: 400, times: 3 });
  expect(await identify(page, ada)).toEqual({ code: 'http', status: 400 });
  // Settled with the 400 and idle, never retrying: nothing more will be sent.
  expect(await states(page)).toEqual(['sending', 'idle']);
  expect(app.upstream()).toHaveLength(1);
});

test('offline: delivered after going online, without spending attempts', async ({ page, app, context }) => {
  await open(page, app);
  await recordStates(page);
  await context.setOffline(true);
  const result = identify(page, ada);
  await expect.poll(() => states(page)).toEqual(['offline']);
  expect(app.upstream()).toHaveLength(0);
  await context.setOffline(false);
  expect(await result).toMatchObject({ status: 'created' });
  expect(await states(page)).toEqual(['offline', 'sending', 'idle']);
  expect(app.upstream()).toHaveLength(1);
});

test('a reload while the request is in flight: sent twice, the floor, and delivered once', async ({ page, app }) => {
  await open(page, app);
  const release = app.emulator.hold();
  void identify(page, ada).catch(() => {});
  await expect.poll(() => app.upstream().length).toBe(1);
  await page.reload();
  release();
  await expect.poll(() => page.evaluate(() => localStorage.getItem('featurebase-identify:pending'))).toBeNull();
  // The request in flight (keepalive: it outlives its page) and the one the next page restores;
  // not a third from the unloading page. Both with one Idempotency-Key: the proxy forwards once.
  const keys = app.server.received.map((r) => r.headers['idempotency-key']);
  expect(keys).toHaveLength(2);
  expect(new Set(keys).size).toBe(1);
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

test("switching A to B while A's answer is held: Featurebase and getIdentity end on B", async ({ page, app }) => {
  await open(page, app);
  const release = app.emulator.hold();
  await page.evaluate((a) => void ((window as any).first = (window as any).Featurebase.identify(a)), ada);
  await expect.poll(() => app.upstream().length).toBe(1);
  await page.evaluate((b) => void ((window as any).second = (window as any).Featurebase.identify(b)), bob);
  release();
  const results = await page.evaluate(() => {
    const w = window as any;
    return Promise.all([w.first, w.second]).then((all) => all.map((r: any) => r.status).concat(w.Featurebase.getIdentity().userId));
  });
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

test('storage full: a newer identify that cannot be stored removes the older one, which does not come back', async ({ page, app }) => {
  await open(page, app);
  const release = app.emulator.hold();
  void identify(page, ada).catch(() => {});
  await expect.poll(() => app.upstream().length).toBe(1);
  // Fill this origin's real quota, in ever smaller pieces.
  await page.evaluate(() => {
    for (let size = 1 << 20, n = 0; size >= 1; size >>= 1) {
      try {
        for (;;) localStorage.setItem('fill' + n++, 'x'.repeat(size));
      } catch {}
    }
  });
  // Larger than ada's, so it cannot take the place of her stored entry either.
  await page.evaluate((b) => void (window as any).Featurebase.identify(b).catch(() => {}), { ...bob, name: 'Bob'.repeat(50) });
  await page.reload();
  release();
  expect(await page.evaluate(() => (window as any).Featurebase.getIdentity())).toBeNull();
  // ada's request, and bob's, which the leaving page sent (keepalive) when the unload cut ada's
  // off; no third: the next page did not restore ada.
  await expect.poll(() => app.upstream().map((c) => c.userId)).toEqual(['u_ada', 'u_bob']);
  expect(new Set(app.server.received.map((r) => r.headers['idempotency-key'])).size).toBe(2);
  expect(app.server.received).toHaveLength(2);
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
