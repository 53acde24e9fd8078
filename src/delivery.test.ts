import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch } from './test/fake-fetch.js';
import { ada, bob, closePage, never, newPage, ok, openPage, setHidden, setOnline, status, userIds } from './test/sdk.js';
import { storedIn } from './test/storage.js';
import type * as Sdk from './index.js';

let sdk: typeof Sdk;
let items: Map<string, string>;
const stored = (key: string) => storedIn(items, key);

beforeEach(async () => {
  ({ sdk, items } = await openPage());
  // Longer than any test's fake time: AbortSignal.timeout runs on the real clock.
  sdk.init({ timeoutMs: 60_000 });
});
afterEach(closePage);

describe('retries', () => {
  it('retries two 503s and resolves created once delivered', async () => {
    const sent = fakeFetch(status(503), status(503), ok);
    const result = sdk.identify(ada);
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(result).resolves.toMatchObject({ status: 'created' });
    expect(sent).toHaveLength(3);
  });

  it('waits exactly as long as Retry-After says', async () => {
    const sent = fakeFetch(status(429, { 'Retry-After': '2' }), ok);
    const result = sdk.identify(ada);
    await vi.advanceTimersByTimeAsync(1999);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(2);
    await expect(result).resolves.toMatchObject({ status: 'created' });
  });

  it.each([400, 401, 403, 404, 413, 422])('never retries a %i, and forgets it', async (code) => {
    const sent = fakeFetch(status(code), ok);
    const result = sdk.identify(ada).catch((e) => e);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await result).toMatchObject({ code: 'http', status: code });
    expect(sent).toHaveLength(1);
    expect(stored('pending')).toBeUndefined();
  });

  it('gives up after the attempts cap, keeping the contact for the next page load', async () => {
    const sent = fakeFetch(status(503));
    sdk.init({ attempts: 3 });
    const result = sdk.identify(ada).catch((e) => e);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await result).toMatchObject({ code: 'http', status: 503 });
    expect(sent).toHaveLength(3);
    expect(JSON.parse(stored('pending').body)).toEqual(ada);
  });

  it('attempts: 1 tries once', async () => {
    const sent = fakeFetch(status(503), ok);
    sdk.init({ attempts: 1 });
    const result = sdk.identify(ada).catch((e) => e);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await result).toMatchObject({ code: 'http', status: 503 });
    expect(sent).toHaveLength(1);
  });

  it('gives up at once when the wait asked for is past the time cap', async () => {
    const sent = fakeFetch(status(429, { 'Retry-After': '120' }));
    const result = sdk.identify(ada).catch((e) => e);
    await vi.advanceTimersByTimeAsync(0);
    expect(await result).toMatchObject({ status: 429, retryAfter: 120_000 });
    expect(sent).toHaveLength(1);
  });

  it('retries a network error and a timeout', async () => {
    // AbortSignal.timeout runs on a clock of its own: give it the fake one.
    vi.spyOn(AbortSignal, 'timeout').mockImplementation((ms) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(new DOMException('signal timed out', 'TimeoutError')), ms);
      return controller.signal;
    });
    sdk.init({ timeoutMs: 5000 });
    const sent = fakeFetch(new TypeError('Failed to fetch'), never, ok);
    const states: unknown[] = [];
    sdk.on('state', (s) => states.push(s.state));
    const result = sdk.identify(ada);
    await vi.advanceTimersByTimeAsync(4999);
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(result).resolves.toMatchObject({ status: 'created' });
    expect(sent).toHaveLength(3);
    expect(states).toEqual(['sending', 'retrying', 'sending', 'retrying', 'sending', 'idle']);
  });

  it('a headers function that throws, even null, fails its identify clearly and wedges nothing', async () => {
    const sent = fakeFetch(ok);
    sdk.init({
      headers: () => {
        throw null;
      },
    });
    let outcome: unknown = 'pending';
    sdk.identify(ada).then(
      (result) => (outcome = result),
      (error) => (outcome = error),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome).toMatchObject({ name: 'FeaturebaseError', code: 'invalid_options', param: 'headers', cause: null });
    sdk.init({ headers: undefined });
    await expect(sdk.identify(bob)).resolves.toMatchObject({ status: 'created' });
    expect(userIds(sent)).toEqual(['u_bob']);
  });
});

describe('offline', () => {
  it('waits for online instead of spending attempts', async () => {
    setOnline(false);
    const sent = fakeFetch(ok);
    const states: string[] = [];
    sdk.on('state', (s) => states.push(s.state));
    const result = sdk.identify(ada);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(sent).toHaveLength(0);
    setOnline(true);
    await vi.advanceTimersByTimeAsync(0);
    await expect(result).resolves.toMatchObject({ status: 'created' });
    expect(sent).toHaveLength(1);
    expect(states).toEqual(['offline', 'sending', 'idle']);
  });

  it('a request that failed because the page went offline costs no attempt', async () => {
    sdk.init({ attempts: 2 });
    const sent = fakeFetch(() => (setOnline(false), new TypeError('Failed to fetch')), status(503), ok);
    const states: unknown[] = [];
    sdk.on('state', (s) => states.push([s.state, s.attempt]));
    const result = sdk.identify(ada);
    await vi.advanceTimersByTimeAsync(0);
    setOnline(true);
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(result).resolves.toMatchObject({ status: 'created' });
    expect(sent).toHaveLength(3);
    expect(states).toEqual([
      ['sending', 1],
      ['offline', 0],
      ['sending', 1],
      ['retrying', 1],
      ['sending', 2],
      ['idle', 2],
    ]);
  });
});

describe('leaving the page', () => {
  it('pagehide sends a delivery waiting to retry at once, with keepalive', async () => {
    const sent = fakeFetch(status(503, { 'Retry-After': '30' }), ok);
    const result = sdk.identify(ada);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(1);
    window.dispatchEvent(new Event('pagehide'));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(2);
    expect(sent[1].keepalive).toBe(true);
    await expect(result).resolves.toMatchObject({ status: 'created' });
  });

  it('the page becoming hidden sends a delivery waiting to retry at once; becoming visible does not', async () => {
    const sent = fakeFetch(status(503, { 'Retry-After': '30' }), ok);
    const result = sdk.identify(ada);
    await vi.advanceTimersByTimeAsync(0);
    setHidden(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(1);
    setHidden(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(2);
    expect(sent[1].keepalive).toBe(true);
    await expect(result).resolves.toMatchObject({ status: 'created' });
  });

  it('a keepalive request the unload cut off is not sent again by this page: the next one sends it', async () => {
    // Chromium rejects an in-flight fetch right after pagehide, while the keepalive request
    // itself goes on; the page then turns hidden.
    const unloadCutsOff = () => new Promise<Response>((_, reject) => addEventListener('pagehide', () => reject(new TypeError('Failed to fetch')), { once: true }));
    const sent = fakeFetch(unloadCutsOff);
    sdk.identify(ada).catch(() => {});
    await vi.advanceTimersByTimeAsync(0);
    window.dispatchEvent(new Event('pagehide'));
    await vi.advanceTimersByTimeAsync(0);
    setHidden(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(1);
    expect(sent[0].keepalive).toBe(true);
    expect(JSON.parse(stored('pending').body)).toEqual(ada);
    // The next page sends it once more, with the same Idempotency-Key: two requests in all.
    const next = fakeFetch(ok);
    sdk = await newPage();
    await vi.advanceTimersByTimeAsync(0);
    expect(next.map((s) => [s.body, s.headers['idempotency-key']])).toEqual([[ada, sent[0].headers['idempotency-key']]]);
  });

  it('back from the back/forward cache, hiding the page sends a waiting retry at once again', async () => {
    const sent = fakeFetch(status(503, { 'Retry-After': '30' }), ok);
    window.dispatchEvent(new Event('pagehide'));
    window.dispatchEvent(new Event('pageshow'));
    const result = sdk.identify(ada);
    await vi.advanceTimersByTimeAsync(0);
    setHidden(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(2);
    await expect(result).resolves.toMatchObject({ status: 'created' });
  });
});

describe('order and identity switches', () => {
  it('a newer identify supersedes one still in flight; the late answer changes nothing', async () => {
    let release!: () => void;
    const sent = fakeFetch((entry) => new Promise((resolve) => (release = () => resolve(ok(entry)))), ok);
    const first = sdk.identify(ada);
    await vi.advanceTimersByTimeAsync(0);
    const second = sdk.identify(bob);
    await expect(first).resolves.toEqual({ status: 'superseded' });
    expect(sdk.getIdentity()).toEqual(bob);
    expect(sent).toHaveLength(1); // bob waits for ada's request, so Featurebase sees them in order
    release();
    await expect(second).resolves.toMatchObject({ status: 'created', contact: { userId: 'u_bob' } });
    expect(userIds(sent)).toEqual(['u_ada', 'u_bob']);
    expect(sdk.getIdentity()).toEqual(bob);
  });

  it('a newer identify supersedes one waiting to retry, which is never sent again', async () => {
    const sent = fakeFetch(status(503), ok);
    const first = sdk.identify(ada);
    await vi.advanceTimersByTimeAsync(0);
    const second = sdk.identify(bob);
    await vi.advanceTimersByTimeAsync(0);
    await expect(first).resolves.toEqual({ status: 'superseded' });
    await expect(second).resolves.toMatchObject({ status: 'created' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(userIds(sent)).toEqual(['u_ada', 'u_bob']);
  });
});
