import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch } from './test/fake-fetch.js';

// Each test builds its own page object, standing for `window`: the stub's accessor on it cannot be
// deleted, and Featurebase's code and ours only meet through `page.Featurebase`.
type Page = { Featurebase?: any; featurebaseRuntime?: { received: unknown[][] } };

const stubSource = readFileSync('src/snippet.js', 'utf8');
const runtimeSource = readFileSync('e2e/stand-in-runtime.js', 'utf8');
/** The README's stub (src/snippet.js, built from this very source). */
const ourStub = (page: Page) => new Function('self', stubSource)(page);
/** Featurebase's documented snippet, without the script tag it inserts. */
const theirSnippet = (page: Page) => {
  if (typeof page.Featurebase != 'function') {
    page.Featurebase = function () {
      // eslint-disable-next-line prefer-rest-params
      (page.Featurebase.q = page.Featurebase.q || []).push(arguments);
    };
  }
};
/** e2e/stand-in-runtime.js: drains q, then replaces the global. */
const theirRuntime = (page: Page) => new Function('window', runtimeSource)(page);
/** Loads the SDK (a fresh copy of the modules) onto `page`, as dist/featurebase.umd.js does onto window. */
const ourSdk = async (page: Page) => {
  vi.resetModules();
  const { commands } = await import('./script-api.js');
  const { shareGlobal } = await import('./shared-global.js');
  // Replaying what the stub logged reports nothing: its methods at the log's head are not calls.
  const reported = vi.spyOn(console, 'error');
  const loaded = shareGlobal(page, commands);
  expect(reported).not.toHaveBeenCalled();
  reported.mockRestore();
  return loaded;
};
/** Resolves once `done()` holds, looking again after each turn of the event loop: no fixed wait. */
const until = async (done: () => unknown) => {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
};
const args = (entries: ArrayLike<unknown>[]) => Array.from(entries, (entry) => Array.from(entry));

let outcomes: unknown[][];
/** A callback that records `[tag, error code, status or runtime command]` once called. */
const cb = (tag: string) => (error: any, result?: any) => outcomes.push([tag, error?.code ?? null, result?.status ?? result?.name]);

const widget = { organization: 'acme', theme: 'light' };
const theirIdentify = { organization: 'acme', email: 'ada@example.com', name: 'Ada', id: 'u_ada' };

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
  document.getElementById('featurebase-sdk')?.remove();
});

describe('the stub', () => {
  it('defines every method the README shows on the global; before load none throws and each returns undefined', () => {
    const page: Page = {};
    ourStub(page);
    const fb = page.Featurebase;
    expect(fb.reset()).toBeUndefined();
    expect(fb.on('error', () => {})).toBeUndefined();
    expect(fb.init({ endpoint: '/x' })).toBeUndefined();
    expect(fb.getIdentity()).toBeUndefined();
    expect(fb.debug(false)).toBeUndefined();
    expect(fb.identify({ userId: 'a' })).toBeUndefined();
    // Methods are ours alone: nothing waits in Featurebase's queue.
    expect(fb.q).toEqual([]);
  });

  it("keeps Featurebase's call style: their snippet after ours changes nothing; their calls, their identify included, wait in Featurebase.q in call order", () => {
    const page: Page = {};
    ourStub(page);
    const fb = page.Featurebase;
    theirSnippet(page);
    expect(page.Featurebase).toBe(fb);
    const done = () => {};
    fb('initialize_feedback_widget', widget);
    fb('identify', theirIdentify, done);
    fb.identify({ userId: 'a' });
    fb('boot', { appId: 'app' });
    fb('identify', { appId: 'app', featurebaseJwt: 'a.b.c' });
    fb('identify', { userId: 'call' });
    expect(args(fb.q)).toEqual([
      ['initialize_feedback_widget', widget],
      ['identify', theirIdentify, done],
      ['boot', { appId: 'app' }],
      ['identify', { appId: 'app', featurebaseJwt: 'a.b.c' }],
    ]);
  });

  it("run after Featurebase's snippet, keeps the calls already in their queue, and adds to it in order", () => {
    const page: Page = {};
    theirSnippet(page);
    page.Featurebase('initialize_feedback_widget', widget);
    ourStub(page);
    page.Featurebase('initialize_changelog_widget', widget);
    expect(args(page.Featurebase.q).map((entry) => entry[0])).toEqual(['initialize_feedback_widget', 'initialize_changelog_widget']);
  });

  it('after the SDK loaded without a stub, installs nothing and changes nothing', async () => {
    const sent = fakeFetch();
    const page: Page = {};
    await ourSdk(page);
    const loaded = page.Featurebase;
    ourStub(page);
    expect(page.Featurebase).toBe(loaded);
    await expect(page.Featurebase.identify({ userId: 'after' })).resolves.toMatchObject({ status: 'created' });
    await expect(page.Featurebase('identify', { userId: 'after-call' })).resolves.toMatchObject({ status: 'created' });
    expect(sent.map((s) => s.body)).toEqual([{ userId: 'after' }, { userId: 'after-call' }]);
  });

  it('run twice (or after the SDK), installs nothing again and loses nothing', async () => {
    fakeFetch();
    outcomes = [];
    const page: Page = {};
    ourStub(page);
    page.Featurebase.identify({ userId: 'twice' }, cb('queued'));
    ourStub(page);
    await ourSdk(page);
    const loaded = page.Featurebase;
    ourStub(page);
    expect(page.Featurebase).toBe(loaded);
    await until(() => outcomes.length);
    expect(outcomes).toEqual([['queued', null, 'created']]);
  });

  it('an older stub pasted after this one (Featurebase = Featurebase || ...) does not loop', async () => {
    const page: Page = {};
    ourStub(page);
    page.Featurebase = page.Featurebase || (() => {});
    page.Featurebase('boot', { appId: 'app' });
    expect(args(page.Featurebase.q)).toEqual([['boot', { appId: 'app' }]]);
    await ourSdk(page);
    page.Featurebase = page.Featurebase || (() => {});
    page.Featurebase('shutdown');
    expect(args(page.Featurebase.q)).toEqual([['boot', { appId: 'app' }], ['shutdown']]);
  });
});

describe("loading the SDK next to Featurebase's widget SDK", () => {
  it('runs our calls once, in call order; theirs, their identify included, stay in Featurebase.q in call order', async () => {
    const sent = fakeFetch();
    outcomes = [];
    const page: Page = {};
    theirSnippet(page);
    ourStub(page);
    const fb = page.Featurebase;
    const theirs = cb('their identify');
    fb('initialize_feedback_widget', widget);
    fb('init', { endpoint: '/custom/identify' });
    fb.identify({ userId: 'u_1', name: 'method' }, cb('method'));
    fb('identify', theirIdentify, theirs);
    fb('identify', { userId: 'u_1', name: 'call' }, cb('call'));
    fb('boot', { appId: 'app' });
    expect(await ourSdk(page)).toBe(true);
    const loaded = page.Featurebase;
    expect(args(page.Featurebase.q)).toEqual([
      ['initialize_feedback_widget', widget],
      ['identify', theirIdentify, theirs],
      ['boot', { appId: 'app' }],
    ]);
    await until(() => outcomes.length == 2);
    expect(sent.map((s) => [s.url, s.body])).toEqual([
      ['/custom/identify', { userId: 'u_1', name: 'method' }],
      ['/custom/identify', { userId: 'u_1', name: 'call' }],
    ]);
    // In order: the method's identify is superseded (in flight, so sent too), then the call's is delivered.
    expect(outcomes).toEqual([
      ['method', null, 'superseded'],
      ['call', null, 'created'],
    ]);

    // Then their runtime: it gets their calls alone, in order, and replaces the global.
    theirRuntime(page);
    expect(page.featurebaseRuntime!.received.map((entry) => entry[0])).toEqual(['initialize_feedback_widget', 'identify', 'boot']);
    await until(() => outcomes.length == 3);
    expect(outcomes[2]).toEqual(['their identify', null, 'identify']);
    // Ours keeps working, in both styles, and theirs reaches their runtime.
    expect(page.Featurebase).toBe(loaded);
    await expect(page.Featurebase.identify({ userId: 'u_2' })).resolves.toMatchObject({ status: 'created' });
    await expect(page.Featurebase('identify', { userId: 'u_3' })).resolves.toMatchObject({ status: 'created' });
    expect(page.Featurebase('unviewed_changelog_count')).toBe(3);
    page.Featurebase('identify', { appId: 'app', featurebaseJwt: 'a.b.c' });
    expect(page.featurebaseRuntime!.received.slice(3)).toEqual([['unviewed_changelog_count', undefined], ['identify', { appId: 'app', featurebaseJwt: 'a.b.c' }]]);
    expect(page.Featurebase.getIdentity()).toEqual({ userId: 'u_3' });
    expect(sent).toHaveLength(4);
  });

  it("without our stub: takes our calls out of Featurebase's own queue, and theirs wait there", async () => {
    const sent = fakeFetch();
    const page: Page = {};
    theirSnippet(page);
    page.Featurebase('initialize_feedback_widget', widget);
    page.Featurebase('identify', { email: 'ada@example.com' });
    page.Featurebase('identify', theirIdentify);
    await ourSdk(page);
    page.Featurebase('initialize_changelog_widget', widget);
    expect(args(page.Featurebase.q).map((entry) => entry[0])).toEqual(['initialize_feedback_widget', 'identify', 'initialize_changelog_widget']);
    // Ours was sent at once, when the SDK took it out of their queue.
    expect(sent.map((s) => s.body)).toEqual([{ email: 'ada@example.com' }]);
  });

  it('with their runtime loaded first: their calls reach it at once, ours wait for the SDK', async () => {
    const sent = fakeFetch();
    outcomes = [];
    const page: Page = {};
    theirRuntime(page);
    ourStub(page);
    page.Featurebase('boot', { appId: 'app' }, cb('boot'));
    page.Featurebase.identify({ userId: 'u_1' }, cb('ours'));
    expect(page.featurebaseRuntime!.received).toEqual([['boot', { appId: 'app' }]]);
    await ourSdk(page);
    page.Featurebase('identify', theirIdentify);
    await until(() => outcomes.length == 2);
    expect(page.featurebaseRuntime!.received).toEqual([['boot', { appId: 'app' }], ['identify', theirIdentify]]);
    expect(sent.map((s) => s.body)).toEqual([{ userId: 'u_1' }]);
    // Each SDK calls back once; the two SDKs' callbacks have no order between them.
    expect(outcomes).toHaveLength(2);
    expect(outcomes).toContainEqual(['boot', null, 'boot']);
    expect(outcomes).toContainEqual(['ours', null, 'created']);
  });

  it('with their runtime loading between our stub and the SDK: it gets their calls at once, their identify included, even if the SDK never loads; ours run once', async () => {
    const sent = fakeFetch();
    const page: Page = {};
    ourStub(page);
    page.Featurebase.identify({ userId: 'method' });
    page.Featurebase('identify', { userId: 'call' });
    page.Featurebase('initialize_feedback_widget', widget);
    theirRuntime(page);
    page.Featurebase('identify', theirIdentify);
    page.Featurebase('identify', { appId: 'app', featurebaseJwt: 'a.b.c' });
    page.Featurebase.reset();
    const theirs = [
      ['initialize_feedback_widget', widget],
      ['identify', theirIdentify],
      ['identify', { appId: 'app', featurebaseJwt: 'a.b.c' }],
    ];
    expect(page.featurebaseRuntime!.received).toEqual(theirs);
    await ourSdk(page);
    expect(page.featurebaseRuntime!.received).toEqual(theirs);
    // The first identify went out at once; the second was still waiting when the reset superseded it.
    expect(sent.map((s) => s.body)).toEqual([{ userId: 'method' }]);
    expect(page.Featurebase.getIdentity()).toBeNull();
  });

  it('a reference to the stub taken before load keeps working after it, for ours and theirs', async () => {
    const sent = fakeFetch();
    const page: Page = {};
    ourStub(page);
    const stale = page.Featurebase;
    const staleIdentify = stale.identify;
    await ourSdk(page);
    stale('identify', { userId: 'via-call' });
    staleIdentify({ userId: 'via-method' });
    stale('boot', { appId: 'app' });
    // The second identify waits for the first one's answer: requests never overlap.
    await until(() => sent.length == 2);
    expect(sent.map((s) => s.body)).toEqual([{ userId: 'via-call' }, { userId: 'via-method' }]);
    expect(args(page.Featurebase.q)).toEqual([['boot', { appId: 'app' }]]);
  });

  it("the method is ours whatever its payload, before load too: a widget payload is refused, not passed on", async () => {
    fakeFetch();
    outcomes = [];
    const page: Page = {};
    ourStub(page);
    page.Featurebase.identify({ organization: 'acme', email: 'ada@example.com' }, cb('method'));
    await ourSdk(page);
    await until(() => outcomes.length);
    expect(outcomes).toEqual([['method', 'invalid_contact', undefined]]);
    expect(args(page.Featurebase.q)).toEqual([]);
  });

  it('loaded twice, the second copy does nothing', async () => {
    fakeFetch();
    const page: Page = {};
    await ourSdk(page);
    const first = page.Featurebase;
    expect(await ourSdk(page)).toBe(false);
    expect(page.Featurebase).toBe(first);
  });

  it("a command it does not know is Featurebase's: it waits in Featurebase.q, nothing rejects", async () => {
    const page: Page = {};
    await ourSdk(page);
    expect(page.Featurebase('track', 'signup')).toBeUndefined();
    expect(args(page.Featurebase.q)).toEqual([['track', 'signup']]);
  });

  it("an identify that is neither a contact nor the widget's is refused loudly with no Featurebase SDK on the page, and is theirs with it", async () => {
    fakeFetch();
    const page: Page = {};
    await ourSdk(page);
    await expect(page.Featurebase('identify', { name: 'Ada' })).rejects.toMatchObject({ code: 'invalid_contact', param: 'email' });
    await expect(page.Featurebase('identify', { userId: 'u', nickname: 'x' })).rejects.toMatchObject({ code: 'invalid_contact', param: 'nickname' });
    document.head.append(Object.assign(document.createElement('script'), { id: 'featurebase-sdk' }));
    expect(page.Featurebase('identify', { name: 'Ada' })).toBeUndefined();
    expect(args(page.Featurebase.q)).toEqual([['identify', { name: 'Ada' }]]);
    // The method is always ours.
    await expect(page.Featurebase.identify({ name: 'Ada' })).rejects.toMatchObject({ code: 'invalid_contact' });
  });
});
