import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { fakeFetch } from './test/fake-fetch.js';

// The script-tag entry on the real window. How it shares the global with the stub and with
// Featurebase's widget SDK, in every order, is in shared-global.test.ts.
const load = async () => {
  vi.resetModules();
  await import('./global.js');
};
const flush = () => new Promise((resolve) => setTimeout(resolve, 10));
const fb = () => window.Featurebase as any;

beforeEach(() => {
  localStorage.clear();
  delete window.Featurebase;
});
afterEach(() => vi.unstubAllGlobals());

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
  const done = vi.fn();
  fb()('initialize_feedback_widget', { organization: 'acme' });
  fb()('init', { endpoint: '/custom/identify' });
  fb()('identify', { userId: 'first' }, done);
  await load();
  expect([...fb().q].map((args: IArguments) => [...args])).toEqual([['initialize_feedback_widget', { organization: 'acme' }]]);
  await flush();
  expect(sent.map((s) => [s.url, (s.body as any).userId])).toEqual([['/custom/identify', 'first']]);
  expect(done).toHaveBeenCalledOnce();
});

it('loaded twice, keeps the first instance: nothing is sent twice or lost', async () => {
  const sent = fakeFetch();
  await load();
  const first = fb();
  first.init({ endpoint: '/kept' });
  await load();
  expect(fb()).toBe(first);
  await fb().identify({ userId: 'later' });
  await flush();
  expect(sent.map((s) => [s.url, (s.body as any).userId])).toEqual([['/kept', 'later']]);
});
