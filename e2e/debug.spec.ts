import { readFileSync } from 'node:fs';
import { debugPage, debugScript, identify, panelText } from './debug-pages';
import { test as appTest } from './app';
import { expect, test } from './fixtures';

const ada = { userId: 'u_ada', email: 'ada@example.com', name: 'Ada Lovelace', companies: [{ id: 'c1', name: 'Analytical Engines' }] };

test('?featurebase_debug=1 loads the panel, which shows the identified email', async ({ page, server }) => {
  server.pages.set('/', debugPage());
  await page.goto(server.url + '/?featurebase_debug=1');
  await expect.poll(() => panelText(page)).toContain('Nobody identified');
  expect(await identify(page, ada)).toBe('created');
  await expect.poll(() => panelText(page)).toContain('ada@example.com');
  expect(await panelText(page)).toContain('created');
  // Loaded once, from the core's directory.
  expect(await page.evaluate(() => [...document.scripts].map((s) => new URL(s.src).pathname))).toEqual(['/dist/featurebase.umd.js', '/dist/featurebase-debug.js']);
});

test('data-debug on the core script tag loads it too; Featurebase.debug(false) removes it, debug(true) brings it back', async ({ page, server }) => {
  server.pages.set('/', debugPage().replace('featurebase.umd.js"', 'featurebase.umd.js" data-debug'));
  await page.goto(server.url + '/');
  await expect(page.locator('featurebase-debug')).toHaveCount(1);
  await page.evaluate(() => (window as any).Featurebase.debug(false));
  await expect(page.locator('featurebase-debug')).toHaveCount(0);
  await page.evaluate(() => (window as any).Featurebase.debug(true));
  await expect(page.locator('featurebase-debug')).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Collapse' })).toBeVisible();
});

test('a failing call shows its error code and field', async ({ page, server }) => {
  server.pages.set('/', debugPage(debugScript));
  await page.goto(server.url + '/');
  expect(await identify(page, { ...ada, profilePicture: 'javascript:x' })).toBe('invalid_contact profilePicture');
  await expect.poll(() => panelText(page)).toContain('error invalid_contact');
  expect(await panelText(page)).toContain('field profilePicture');
});

test('an HTTP error from the endpoint shows its status, code and field', async ({ page, server }) => {
  await page.route('**/api/featurebase/identify', (route) =>
    route.fulfill({ status: 400, json: { error: { code: 'invalid_parameter', message: 'Email is invalid', param: 'email' } } }),
  );
  server.pages.set('/', debugPage(debugScript));
  await page.goto(server.url + '/');
  expect(await identify(page, ada)).toBe('http email');
  await expect.poll(() => panelText(page)).toContain('error http');
  expect(await panelText(page)).toContain('field email · HTTP 400 · invalid_parameter · Email is invalid');
});

test('a hostile name renders as text: no dialog, no injected element', async ({ page, server }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const hostile = '<img src=x onerror=alert(1)>';
  server.pages.set('/', debugPage(debugScript));
  await page.goto(server.url + '/');
  expect(await identify(page, { userId: '"><svg onload=alert(2)>', name: hostile, companies: [{ id: 'c', name: hostile }] })).toBe('created');
  await expect.poll(() => panelText(page)).toContain(hostile);
  // No img or svg element was made, so no handler of theirs can ever run: no dialog now or later.
  const counts = await page.evaluate(() => {
    const root = document.querySelector('featurebase-debug')!.shadowRoot!;
    return [document.querySelectorAll('img, svg').length, root.querySelectorAll('img, svg').length];
  });
  expect(counts).toEqual([0, 0]);
  expect(dialogs).toEqual([]);
});

test("under CSP script-src 'self'; style-src 'self' the panel is styled and works, with no violation", async ({ page, server }) => {
  await page.addInitScript(() => {
    (window as any).violations = [];
    document.addEventListener('securitypolicyviolation', (event) => (window as any).violations.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  server.pages.set('/', { html: debugPage(debugScript), headers: { 'Content-Security-Policy': "script-src 'self'; style-src 'self'" } });
  await page.goto(server.url + '/');
  expect(await identify(page, ada)).toBe('created');
  await expect.poll(() => panelText(page)).toContain('ada@example.com');
  // The adopted stylesheet applies: the panel is fixed to the corner.
  expect(await page.locator('featurebase-debug .panel').evaluate((panel) => getComputedStyle(panel).position)).toBe('fixed');
  await page.getByRole('button', { name: 'Resend' }).click();
  await expect.poll(() => server.received.length).toBe(2);
  await page.getByRole('button', { name: 'Collapse' }).press('Enter');
  await expect(page.getByRole('button', { name: 'Expand' })).toHaveAttribute('aria-expanded', 'false');
  await page.getByRole('button', { name: 'Expand' }).click();
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect.poll(() => panelText(page)).toContain('Nobody identified');
  expect(await page.evaluate(() => (window as any).violations)).toEqual([]);
});

test('the ESM entry shares the core ESM module: the panel sees its calls', async ({ page, server }) => {
  server.pages.set(
    '/esm',
    `<!doctype html><html><head><script type="importmap">{ "imports": { "valibot": "/node_modules/valibot/dist/index.mjs" } }</script>
    <script type="module">
      import { identify } from '/dist/index.js';
      import { mountDebugPanel } from '/dist/debug.js';
      mountDebugPanel();
      window.done = identify({ userId: 'u_esm', email: 'esm@example.com' }).then((r) => r.status);
    </script></head><body></body></html>`,
  );
  await page.goto(server.url + '/esm');
  expect(await page.evaluate(() => (window as any).done)).toBe('created');
  await expect.poll(() => panelText(page)).toContain('esm@example.com');
  expect(await panelText(page)).toContain('created');
});

appTest("behind the real proxy, the panel shows the user's own rate-limit headroom, never the key's", async ({ page, app }) => {
  app.server.pages.set('/', debugPage(debugScript));
  await page.goto(app.url + '/');
  expect(await identify(page, { userId: 'u_ada', name: 'Ada' })).toBe('created');
  await expect.poll(() => panelText(page)).toContain('29 of 30 requests left');
  expect(await identify(page, { userId: 'u_ada', name: 'Ada L.' })).toBe('updated');
  await expect.poll(() => panelText(page)).toContain('28 of 30 requests left');
  expect(await panelText(page)).not.toContain('2000');
});

test.describe('screenshot', () => {
  test.use({ locale: 'en-GB', timezoneId: 'UTC', viewport: { width: 420, height: 760 } });

  test('of the panel, kept as an artifact (README shows it as docs/debug-panel.png)', async ({ page, server }, testInfo) => {
    await page.clock.setFixedTime(new Date('2025-01-15T10:30:00Z'));
    // An endpoint with its own rate-limit headers, as the proxy sends the signed-in user's.
    await page.route('**/api/featurebase/identify', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'x-ratelimit-remaining': '57', 'x-ratelimit-limit': '60' } });
    });
    server.pages.set('/', debugPage(debugScript));
    await page.goto(server.url + '/');
    expect(await identify(page, ada)).toBe('created');
    expect(await identify(page, ada)).toBe('unchanged');
    expect(await identify(page, { ...ada, profilePicture: 'javascript:x' })).toBe('invalid_contact profilePicture');
    await expect.poll(() => panelText(page)).toContain('error invalid_contact');
    expect(await panelText(page)).toContain('57 of 60 requests left');
    const path = testInfo.outputPath('debug-panel.png');
    await page.locator('featurebase-debug .panel').screenshot({ path });
    expect(readFileSync(path).length).toBeLessThan(60_000);
    // Tests never write into the repository: `npm run docs:pictures` copies this one to docs/.
    await testInfo.attach('docs/debug-panel.png', { path, contentType: 'image/png' });
  });
});

test('the core shows no panel by itself: the panel is its own file, fetched only when asked for', async ({ page, server }) => {
  const fetched: string[] = [];
  let serve = (_status: number) => {};
  const served = new Promise<number>((resolve) => (serve = resolve));
  // featurebase-debug.js is held until the page listens for its load failing, then answered 404.
  await page.route('**/featurebase-debug.js', async (route) => {
    fetched.push(new URL(route.request().url()).pathname);
    await route.fulfill({ status: await served, body: 'not found' });
  });
  server.pages.set('/', debugPage());
  await page.goto(server.url + '/');
  expect(await identify(page, ada)).toBe('created');
  expect(fetched).toEqual([]);
  await expect(page.locator('featurebase-debug')).toHaveCount(0);

  await page.evaluate(() => (window as any).Featurebase.debug(true));
  await expect.poll(() => fetched).toEqual(['/dist/featurebase-debug.js']);
  await page.evaluate(() => {
    const script = document.querySelector('script[src$="featurebase-debug.js"]')!;
    (window as any).panelLoad = new Promise((resolve) => script.addEventListener('error', () => resolve('failed')));
  });
  serve(404);
  expect(await page.evaluate(() => (window as any).panelLoad)).toBe('failed');
  // Without its file there is no panel: none of it is in the core (and the core's size budget
  // leaves no room for Preact). The SDK works on.
  await expect(page.locator('featurebase-debug')).toHaveCount(0);
  expect(await identify(page, { ...ada, name: 'Ada King' })).toBe('updated');
});
