import { expect, readmeCsp, readmeStub, test } from './fixtures';

const page = (head: string, body = '') => `<!doctype html><html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;

// Calls made before the bundle arrives: two valid ones around an invalid one, each with a callback.
const queuedCalls = `<script>
  window.results = [];
  Featurebase.identify({ userId: 'u_1', email: 'ada@example.com', createdAt: new Date('2024-01-15T10:30:00Z') },
    function (err, res) { results.push(['first', err && err.code, res && res.status]); });
  Featurebase('identify', { userId: 'u_1', companies: [{ id: 'c1', name: '' }] },
    function (err) { results.push(['invalid', err.code, err.param, err.message]); });
  Featurebase('identify', { userId: 'u_1', name: 'Ada' },
    function (err, res) { results.push(['second', err && err.code, res && res.status]); });
  // Only the stub answers undefined: the calls above were queued.
  window.queuedBeforeLoad = Featurebase.getIdentity() === undefined;
</script>`;

test('script tag: calls queued by the README stub arrive in order, validated; the invalid one calls back', async ({ page: tab, server }) => {
  server.pages.set('/', page(readmeStub() + queuedCalls + '<script async src="/dist/featurebase.umd.js"></script>'));
  const load = server.gate('/dist/featurebase.umd.js');
  await tab.goto(server.url + '/', { waitUntil: 'domcontentloaded' });
  // The script is held back: the calls are queued, none has run or been sent.
  expect(await tab.evaluate(() => [(window as any).queuedBeforeLoad, (window as any).results])).toEqual([true, []]);
  expect(server.received).toEqual([]);
  load();
  await expect.poll(() => tab.evaluate(() => (window as any).results.length)).toBe(3);
  expect(server.received.map((r) => [r.path, r.body])).toEqual([
    ['/api/featurebase/identify', { userId: 'u_1', email: 'ada@example.com', createdAt: '2024-01-15T10:30:00.000Z' }],
    ['/api/featurebase/identify', { userId: 'u_1', name: 'Ada' }],
  ]);
  expect(server.received[0].headers['content-type']).toBe('application/json');
  // Each callback as its outcome is known: the invalid one at once, the first when the second
  // supersedes it (it was in flight: both arrive, in order), the second once delivered.
  expect(await tab.evaluate(() => (window as any).results)).toEqual([
    ['invalid', 'invalid_contact', 'companies[0].name', '[featurebase] companies[0].name: Expected a non-blank string of at most 500 characters'],
    ['first', null, 'superseded'],
    ['second', null, 'updated'],
  ]);
  // After load the global is the real API, both call styles work and nothing else was sent.
  await tab.evaluate(() => (window as any).Featurebase('identify', { email: 'grace@example.com' }));
  await tab.evaluate(() => (window as any).Featurebase.identify({ email: 'linus@example.com' }));
  expect(server.received.map((r) => r.body.email ?? r.body.userId)).toEqual(['ada@example.com', 'u_1', 'grace@example.com', 'linus@example.com']);
});

test('script tag: data-endpoint on the script tag sets the endpoint', async ({ page: tab, server }) => {
  server.pages.set('/', page(readmeStub() + queuedCalls + '<script async data-endpoint="/auth/fb" src="/dist/featurebase.umd.js"></script>'));
  await tab.goto(server.url + '/');
  await expect.poll(() => server.received.length).toBe(2);
  expect(server.received.map((r) => r.path)).toEqual(['/auth/fb', '/auth/fb']);
});

test('script tag: loading the bundle twice sends nothing twice and loses nothing', async ({ page: tab, server }) => {
  server.pages.set('/', page(readmeStub() + queuedCalls + '<script src="/dist/featurebase.umd.js"></script><script src="/dist/featurebase.umd.js"></script>'));
  await tab.goto(server.url + '/');
  await expect.poll(() => tab.evaluate(() => (window as any).results.length)).toBe(3);
  await tab.evaluate(() => (window as any).Featurebase.identify({ email: 'after@example.com' }));
  expect(server.received.map((r) => r.body.email ?? r.body.name)).toEqual(['ada@example.com', 'Ada', 'after@example.com']);
});

test('script tag: a page without the stub works for calls made after load', async ({ page: tab, server }) => {
  server.pages.set('/', page('<script src="/dist/featurebase.umd.js"></script>'));
  await tab.goto(server.url + '/');
  const result = await tab.evaluate(() => (window as any).Featurebase.identify({ email: 'solo@example.com' }));
  expect(result).toMatchObject({ status: 'created', contact: { email: 'solo@example.com' } });
  expect(server.received).toHaveLength(1);
});

test('script tag: a call made right before navigating away still arrives (keepalive), and is sent once', async ({ page: tab, server }) => {
  server.pages.set('/next', page('', 'next page'));
  server.pages.set(
    '/',
    page(
      '<script src="/dist/featurebase.umd.js"></script>',
      `<script>Featurebase.identify({ email: 'leaving@example.com' }); location.href = '/next';</script>`,
    ),
  );
  const answer = server.hold();
  await tab.goto(server.url + '/');
  await tab.waitForURL('**/next');
  await expect.poll(() => server.received.length).toBe(1);
  // The page that sent it is gone; only now does the endpoint answer. Without keepalive the
  // browser would have cancelled the request with its page, closing the connection.
  answer();
  await expect.poll(() => server.received[0].answered).toBeDefined();
  expect(server.received.map((r) => [r.body, r.answered])).toEqual([[{ email: 'leaving@example.com' }, true]]);
});

test('ESM: import { identify, init } sends validated contacts in order and refuses invalid ones', async ({ page: tab, server }) => {
  server.pages.set(
    '/',
    page(
      `<script type="importmap">{ "imports": { "valibot": "/node_modules/valibot/dist/index.mjs" } }</script>
      <script type="module">
        import { identify, init, isFeaturebaseError } from '/dist/index.js';
        init({ endpoint: '/spa/identify', headers: () => ({ 'X-CSRF-Token': 'csrf-1' }) });
        const results = [];
        const a = identify({ userId: 'spa_1', customFields: { plan: 'pro', seats: 3 } });
        const b = identify({ userId: 'spa_1', profilePicture: 'javascript:alert(1)' }).catch((e) => [isFeaturebaseError(e), e.code, e.param]);
        const c = identify({ userId: 'spa_1', name: 'Ada' });
        window.results = await Promise.all([a, b, c]).then(([x, y, z]) => [x.status, y, z.status]);
      </script>`,
    ),
  );
  await tab.goto(server.url + '/');
  // c supersedes a (already on its way: both arrive, in order).
  await expect.poll(() => tab.evaluate(() => (window as any).results)).toEqual(['superseded', [true, 'invalid_contact', 'profilePicture'], 'updated']);
  expect(server.received.map((r) => [r.path, r.headers['x-csrf-token'], r.body])).toEqual([
    ['/spa/identify', 'csrf-1', { userId: 'spa_1', customFields: { plan: 'pro', seats: 3 } }],
    ['/spa/identify', 'csrf-1', { userId: 'spa_1', name: 'Ada' }],
  ]);
});

test("script tag: README's CSP hash lets the stub run under a strict script-src", async ({ page: tab, server }) => {
  const csp = readmeCsp();
  expect(csp).toMatch(/'sha256-[A-Za-z0-9+/]+=*'/);
  server.pages.set('/', {
    html: page(readmeStub() + '<script src="/dist/featurebase.umd.js"></script>'),
    headers: { 'Content-Security-Policy': csp },
  });
  await tab.addInitScript(() => {
    (window as any).violations = [];
    document.addEventListener('securitypolicyviolation', (event) => (window as any).violations.push(event.violatedDirective));
  });
  await tab.goto(server.url + '/');
  expect(await tab.evaluate(() => typeof (window as any).Featurebase.init)).toBe('function');
  expect(await tab.evaluate(() => (window as any).Featurebase.identify({ email: 'csp@example.com' }).then((r: any) => r.status))).toBe('created');
  expect(await tab.evaluate(() => (window as any).violations)).toEqual([]);
});
