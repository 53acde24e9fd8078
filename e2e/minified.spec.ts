import type { Page } from '@playwright/test';
import { expect, test, type App } from './app';

// The script-tag core is minified with property mangling (scripts/minify.mjs). Whatever name it
// shortens by mistake would reach the endpoint, the page, or localStorage under a short name: so
// every public name is read here from the built file, through its real use.

const contact = {
  email: 'ada@example.com',
  userId: 'u_ada',
  name: 'Ada',
  profilePicture: 'https://example.com/ada.png',
  phone: '+1234567890',
  locale: 'en',
  subscribedToChangelog: true,
  createdAt: '2024-01-15T10:30:00Z',
  customFields: { plan: 'pro', seats: 3, tags: ['a', null] },
  companies: [
    {
      id: 'c1',
      name: 'Acme',
      companySize: 250,
      createdAt: '2025-01-01T12:00:00.000Z',
      customFields: { priority: 'high' },
      industry: 'Technology',
      monthlySpend: 500,
      plan: 'enterprise',
      website: 'https://acme.com',
    },
  ],
};
// The contact goes to a recording endpoint of the test server, not to the proxy: its policy
// (fields only the server may set) is not what this test is about.
const everyField = { ...contact, roles: ['role_vip'], userHash: 'a'.repeat(64), companies: [{ ...contact.companies[0], companyHash: 'b'.repeat(64) }] };

/** Opens a page that loads the built script-tag core. */
async function open(page: Page, app: App) {
  app.server.pages.set('/', '<!doctype html><html><head><script src="/dist/featurebase.umd.js"></script></head><body></body></html>');
  await page.goto(app.url + '/');
}

test('the built script-tag core keeps every public name: contact fields, results, errors, events, settings, storage', async ({ page, app }) => {
  await open(page, app);
  const seen = await page.evaluate(
    async (contact) => {
      const fb = (window as any).Featurebase;
      const states: object[] = [];
      fb.on('state', (s: object) => states.push(s));
      const settings = fb.init({ endpoint: '/record', attempts: 2, retryWithinMs: 0 });
      const result = await fb.identify(contact);
      const identity = fb.getIdentity();
      const forced = await fb.identify(contact, { force: true });
      const stored = JSON.parse(localStorage.getItem('featurebase-identify:last')!);
      fb.init({ endpoint: undefined });
      const refusedBody = await fb.identify({ userId: 'u_ada', roles: ['role_vip'] }).catch((e: object) => e);
      const invalid = await fb.identify({ userId: 'u_ada', companies: [{ id: 'c1', name: '' }] }).catch((e: object) => e);
      let badOptions: unknown;
      try {
        fb.init({ attempts: 0 });
      } catch (error) {
        badOptions = error;
      }
      fb.init({ headers: () => Promise.reject(new Error('no token')) });
      const noToken = await fb.identify(contact, { force: true }).catch((e: any) => ({ code: e.code, param: e.param, cause: e.cause?.message }));
      const pending = await new Promise((resolve) => {
        fb.init({ headers: () => new Promise(() => {}) });
        void fb.identify({ ...contact, name: 'Pending' });
        resolve(JSON.parse(localStorage.getItem('featurebase-identify:pending')!));
      });
      const plain = (error: any) => ({ ...error, name: error.name, message: error.message, cause: undefined });
      return {
        methods: ['identify', 'init', 'reset', 'getIdentity', 'on', 'debug'].filter((name) => typeof fb[name] == 'function'),
        settings,
        result: { status: result.status, contact: result.contact, headers: result.headers.get('content-type') },
        forced: forced.status,
        identity,
        stored: Object.keys(stored),
        pending: Object.keys(pending as object),
        refusedBody: plain(refusedBody),
        invalid: plain(invalid),
        badOptions: plain(badOptions),
        noToken,
        states,
      };
    },
    everyField,
  );
  expect(seen.methods).toEqual(['identify', 'init', 'reset', 'getIdentity', 'on', 'debug']);
  expect(seen.settings).toEqual({ endpoint: '/record', headers: {}, timeoutMs: 10000, attempts: 2, retryWithinMs: 0, dedupeMs: 86400000 });
  // What reached the endpoint: the contact given, to the letter.
  expect(app.server.received[0]).toMatchObject({ path: '/record', body: everyField, headers: { 'content-type': 'application/json', 'idempotency-key': expect.any(String) } });
  expect([seen.forced, app.server.received[1].body]).toEqual(['updated', everyField]);
  expect(seen.result).toEqual({ status: 'created', contact: { object: 'contact', id: 'f'.repeat(24), ...everyField }, headers: 'application/json' });
  expect(seen.identity).toEqual(everyField);
  expect(seen.stored).toEqual(['body', 'at']);
  expect(seen.pending).toEqual(['body', 'id']);
  expect(seen.refusedBody).toMatchObject({ name: 'FeaturebaseError', code: 'http', status: 403, upstreamCode: 'forbidden_field', param: 'roles' });
  const refused = (code: string, path: string, message: string) => ({ name: 'FeaturebaseError', code, message: `[featurebase] ${path}: ${message}`, issues: [{ path, message }], param: path });
  expect(seen.invalid).toEqual(refused('invalid_contact', 'companies[0].name', 'Expected a non-blank string of at most 500 characters'));
  expect(seen.badOptions).toEqual(refused('invalid_options', 'attempts', 'Expected a whole number >= 1'));
  expect(seen.noToken).toEqual({ code: 'invalid_options', param: 'headers', cause: 'no token' });
  expect(seen.states[0]).toEqual({ state: 'sending', attempt: 1 });
  expect(seen.states).toContainEqual({ state: 'idle', attempt: 1 });
});

test('the built script-tag core: retryAfter, status and the state of a retry keep their names', async ({ page, app }) => {
  await page.clock.install();
  await open(page, app);
  await page.clock.pauseAt(Date.now() + 1000);
  app.emulator.fail({ status: 429, times: 2, retryAfter: 1 });
  await page.evaluate(() => {
    const fb = (window as any).Featurebase;
    const w = window as any;
    w.states = [];
    fb.on('state', (s: object) => w.states.push(s));
    fb.init({ attempts: 2 });
    w.error = fb.identify({ userId: 'u_ada' }).catch((e: any) => ({ name: e.name, code: e.code, status: e.status, retryAfter: e.retryAfter }));
  });
  await expect.poll(() => page.evaluate(() => (window as any).states.length)).toBe(2);
  await page.clock.runFor(1000);
  expect(await page.evaluate(() => (window as any).error)).toEqual({ name: 'FeaturebaseError', code: 'http', status: 429, retryAfter: 1000 });
  expect(await page.evaluate(() => (window as any).states[1])).toEqual({ state: 'retrying', attempt: 1, retryAt: expect.any(Number) });
});

test('the built script-tag core: a delivery restored on the next page says so in its state', async ({ page, app }) => {
  app.server.pages.set(
    '/',
    `<!doctype html><html><head><script src="/dist/featurebase.umd.js"></script>
    <script>window.states = []; Featurebase.on('state', (s) => states.push(s));</script></head><body></body></html>`,
  );
  await page.goto(app.url + '/');
  await page.evaluate(() => localStorage.setItem('featurebase-identify:pending', JSON.stringify({ body: '{"userId":"u_ada"}', id: 'k1' })));
  // The restored request is sent as the page loads (maybe before the listener above is added);
  // its last state, once answered, is seen.
  await page.reload();
  await expect.poll(() => page.evaluate(() => (window as any).states.at(-1))).toEqual({ state: 'idle', attempt: 1, restored: true });
  expect(app.server.received.map((r) => r.headers['idempotency-key'])).toEqual(['k1']);
});
