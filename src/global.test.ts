import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { fakeFetch } from './test/fake-fetch.js';
import { loadPage } from './test/sdk.js';
import { stubStorage } from './test/storage.js';

// The script-tag entry on the real window. How it shares the global with the stub and with
// Featurebase's widget SDK, in every order, is in shared-global.test.ts.
const load = () => loadPage(() => import('./global.js'));
const fb = () => window.Featurebase as any;
const runStub = () => new Function('self', readFileSync('src/snippet.js', 'utf8'))(window);
/** A callback, and a promise that resolves with its arguments once it is called. */
const calledBack = () => {
  let callback!: (...args: unknown[]) => void;
  const called = new Promise<unknown[]>((resolve) => (callback = (...args) => resolve(args)));
  return { callback, called };
};

let items: Map<string, string>;
beforeEach(() => {
  ({ items } = stubStorage());
  // The stub's accessor cannot be deleted: a new one on every test's window is made configurable.
  Object.defineProperty(window, 'Featurebase', { configurable: true, writable: true, value: undefined });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

it('works on a page without the stub; getIdentity() is null, not undefined, once loaded', async () => {
  const sent = fakeFetch();
  await load();
  expect(fb().getIdentity()).toBeNull();
  await expect(fb().identify({ email: 'a@b.co' })).resolves.toMatchObject({ status: 'created' });
  await expect(fb()('identify', { email: 'c@d.co' })).resolves.toMatchObject({ status: 'created' });
  expect(sent.map((s) => s.body)).toEqual([{ email: 'a@b.co' }, { email: 'c@d.co' }]);
});

it("takes its calls out of Featurebase's snippet queue, in order, after their init; theirs stay queued", async () => {
  const sent = fakeFetch();
  const theirs = function () {
    // eslint-disable-next-line prefer-rest-params
    (fb().q = fb().q || []).push(arguments);
  };
  window.Featurebase = theirs as any;
  const { callback, called } = calledBack();
  fb()('initialize_feedback_widget', { organization: 'acme' });
  fb()('init', { endpoint: '/custom/identify' });
  fb()('identify', { userId: 'first' }, callback);
  await load();
  expect([...fb().q].map((args: IArguments) => [...args])).toEqual([['initialize_feedback_widget', { organization: 'acme' }]]);
  expect(await called).toEqual([null, expect.objectContaining({ status: 'created' })]);
  expect(sent.map((s) => [s.url, (s.body as any).userId])).toEqual([['/custom/identify', 'first']]);
});

it('a queued init with a bad option is reported, and the calls queued after it still run', async () => {
  const sent = fakeFetch();
  const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
  runStub();
  fb()('init', { attempts: 0 });
  const { callback, called } = calledBack();
  fb().identify({ userId: 'after-bad-init' }, callback);
  await load();
  await called;
  expect(consoleError).toHaveBeenCalledWith(expect.objectContaining({ code: 'invalid_options', param: 'attempts' }));
  expect(sent.map((s) => (s.body as any).userId)).toEqual(['after-bad-init']);
  // Called directly, a bad init throws to its caller.
  expect(() => fb().init({ attempts: 0 })).toThrow(expect.objectContaining({ code: 'invalid_options' }));
});

it.each([
  ['data-endpoint', '/auth/fb', '/auth/fb'],
  ['an empty data-endpoint, as unset', '', '/api/featurebase/identify'],
])('takes the endpoint from %s on its script tag', async (_, endpoint, url) => {
  const sent = fakeFetch();
  const script = document.createElement('script');
  script.dataset.endpoint = endpoint;
  vi.spyOn(document, 'currentScript', 'get').mockReturnValue(script);
  await load();
  await fb().identify({ email: 'a@b.co' });
  expect(sent.map((s) => s.url)).toEqual([url]);
});

it('reset takes no argument: Featurebase("reset", false) still tells other tabs', async () => {
  await load();
  fb()('reset', false);
  expect(items.has('featurebase-identify:reset')).toBe(true);
});

it('loaded twice, keeps the first instance: nothing is sent twice or lost', async () => {
  const sent = fakeFetch();
  await load();
  const first = fb();
  first.init({ endpoint: '/kept' });
  vi.resetModules();
  await import('./global.js');
  expect(fb()).toBe(first);
  await fb().identify({ userId: 'later' });
  expect(sent.map((s) => [s.url, (s.body as any).userId])).toEqual([['/kept', 'later']]);
});
