import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, type Sent } from './test/fake-fetch.js';
import type * as Sdk from './index.js';

let sdk: typeof Sdk;
const ada = { userId: 'u_ada', email: 'ada@example.com' };
const bob = { userId: 'u_bob', email: 'bob@example.com' };
const status = (code: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ error: { code: 'e' + code, message: 'status ' + code } }), { status: code, headers });
const ok = (sent: Sent) => Response.json({ object: 'contact', id: 'a'.repeat(24), ...(sent.body as object) }, { status: 201 });
const stored = (key: string) => JSON.parse(localStorage.getItem('featurebase-identify:' + key)!);
const setOnline = (online: boolean) => {
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(online);
  if (online) window.dispatchEvent(new Event('online'));
};

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  localStorage.clear();
  vi.resetModules();
  sdk = await import('./index.js');
  sdk.init({ timeoutMs: 60_000 });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('retries', () => {
  it('retries two 503s and resolves created once delivered', async () => {
    const sent = fakeFetch(status(503), status(503), ok);
    const result = sdk.identify(ada);
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(result).resolves.toMatchObject({ status: 'created' });
    expect(sent).toHaveLength(3);
  });

  it('waits at least as long as Retry-After says', async () => {
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
    expect(stored('pending')).toBeNull();
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

  it('gives up at once when the wait asked for is past the time cap', async () => {
    const sent = fakeFetch(status(429, { 'Retry-After': '120' }));
    const result = sdk.identify(ada).catch((e) => e);
    await vi.advanceTimersByTimeAsync(0);
    expect(await result).toMatchObject({ status: 429, retryAfter: 120_000 });
    expect(sent).toHaveLength(1);
  });

  it('retries a network error and a timeout', async () => {
    // AbortSignal.timeout runs on the real clock.
    vi.useRealTimers();
    sdk.init({ timeoutMs: 50 });
    const sent = fakeFetch(new TypeError('Failed to fetch'), () => new Promise<Response>(() => {}), ok);
    const states: unknown[] = [];
    sdk.on('state', (s) => states.push(s.state));
    await expect(sdk.identify(ada)).resolves.toMatchObject({ status: 'created' });
    expect(sent).toHaveLength(3);
    expect(states).toEqual(['sending', 'retrying', 'sending', 'retrying', 'sending', 'idle']);
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
});

describe('dedupe', () => {
  it('does not send the same contact twice within the TTL: unchanged', async () => {
    const sent = fakeFetch(ok);
    await sdk.identify(ada);
    await expect(sdk.identify({ ...ada })).resolves.toEqual({ status: 'unchanged' });
    expect(sent).toHaveLength(1);
  });

  it('sends again with force, after the TTL, or when anything changed', async () => {
    const sent = fakeFetch(ok);
    sdk.init({ dedupeMs: 1000 });
    await sdk.identify(ada);
    await sdk.identify(ada, { force: true });
    await sdk.identify({ ...ada, name: 'Ada' });
    vi.advanceTimersByTime(1001);
    await sdk.identify({ ...ada, name: 'Ada' });
    expect(sent).toHaveLength(4);
  });

  it('remembers across page loads', async () => {
    const sent = fakeFetch(ok);
    await sdk.identify(ada);
    vi.resetModules();
    sdk = await import('./index.js');
    await expect(sdk.identify(ada)).resolves.toEqual({ status: 'unchanged' });
    expect(sdk.getIdentity()).toEqual(ada);
    expect(sent).toHaveLength(1);
  });

  it('React StrictMode: the same identify twice in a row costs one request, both resolve', async () => {
    const sent = fakeFetch(ok);
    const callback = vi.fn();
    const results = await Promise.all([sdk.identify(ada, callback), sdk.identify(ada, callback)]);
    expect(results.map((r) => r.status)).toEqual(['created', 'created']);
    expect(callback).toHaveBeenCalledTimes(2);
    expect(sent).toHaveLength(1);
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
    expect(sent.map((s) => (s.body as any).userId)).toEqual(['u_ada', 'u_bob']);
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
    expect(sent.map((s) => (s.body as any).userId)).toEqual(['u_ada', 'u_bob']);
  });
});

describe('persistence', () => {
  it('keeps an undelivered identify in localStorage, and removes it once delivered', async () => {
    let release!: () => void;
    fakeFetch((entry) => new Promise((resolve) => (release = () => resolve(ok(entry)))));
    const result = sdk.identify(ada);
    await vi.advanceTimersByTimeAsync(0);
    expect(stored('pending')).toMatchObject({ endpoint: '/api/featurebase/identify' });
    expect(JSON.parse(stored('pending').body)).toEqual(ada);
    release();
    await result;
    expect(stored('pending')).toBeNull();
  });

  it('delivers on the next page load what the last one left pending', async () => {
    localStorage.setItem('featurebase-identify:pending', JSON.stringify({ body: JSON.stringify(ada), endpoint: '/prev/endpoint' }));
    vi.resetModules();
    const sent = fakeFetch(ok);
    sdk = await import('./index.js');
    const states: unknown[] = [];
    sdk.on('state', (s) => states.push(s));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((s) => [s.url, s.body])).toEqual([['/prev/endpoint', ada]]);
    expect(states[0]).toMatchObject({ state: 'sending', restored: true });
    expect(stored('pending')).toBeNull();
    expect(sdk.getIdentity()).toEqual(ada);
  });

  it('a contact too large to store removes the older pending one, which must not come back', async () => {
    fakeFetch(() => new Promise(() => {}));
    sdk.identify(ada);
    await vi.advanceTimersByTimeAsync(0);
    expect(JSON.parse(stored('pending').body)).toEqual(ada);
    const huge = { ...bob, customFields: Object.fromEntries(Array.from({ length: 30 }, (_, i) => ['f' + i, 'x'.repeat(2000)])) };
    sdk.identify(huge);
    await vi.advanceTimersByTimeAsync(0);
    expect(stored('pending')).toBeNull();
    expect(sdk.getIdentity()).toEqual(huge);
  });

  it('works from memory when storage throws (Safari private mode)', async () => {
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('QuotaExceededError');
    });
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('SecurityError');
    });
    const sent = fakeFetch(ok);
    await expect(sdk.identify(ada)).resolves.toMatchObject({ status: 'created' });
    await expect(sdk.identify(ada)).resolves.toEqual({ status: 'unchanged' });
    expect(sent).toHaveLength(1);
  });
});

describe('reset, getIdentity and on', () => {
  it('reset forgets the identity, pending calls and dedupe memory, and tells other tabs', async () => {
    let release!: () => void;
    const sent = fakeFetch(ok, (entry) => new Promise((resolve) => (release = () => resolve(ok(entry)))), ok);
    await sdk.identify(ada);
    const resets = vi.fn();
    sdk.on('reset', resets);
    const inFlight = sdk.identify(bob);
    await vi.advanceTimersByTimeAsync(0);
    sdk.reset();
    await expect(inFlight).resolves.toEqual({ status: 'superseded' });
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(sdk.getIdentity()).toBeNull();
    expect(stored('pending')).toBeNull();
    expect(stored('last')).toBeNull();
    expect(typeof stored('reset')).toBe('number');
    expect(resets).toHaveBeenCalledTimes(1);
    await expect(sdk.identify(ada)).resolves.toMatchObject({ status: 'created' });
    expect(sent).toHaveLength(3);
  });

  it("resets when another tab resets (storage event)", async () => {
    fakeFetch(ok);
    await sdk.identify(ada);
    window.dispatchEvent(new StorageEvent('storage', { key: 'featurebase-identify:reset', newValue: '1' }));
    expect(sdk.getIdentity()).toBeNull();
  });

  it('on() reports every outcome, a throwing listener breaks nothing, and unsubscribing works', async () => {
    fakeFetch(ok, status(400));
    const events: string[] = [];
    const off = sdk.on('identify', (r) => events.push(r.status));
    sdk.on('error', (e) => events.push('error ' + e.status));
    sdk.on('identify', () => {
      throw new Error('listener bug');
    });
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    await sdk.identify(ada);
    await sdk.identify(ada);
    await sdk.identify(bob).catch(() => {});
    off();
    await sdk.identify(ada, { force: true }).catch(() => {});
    expect(events).toEqual(['created', 'unchanged', 'error 400', 'error 400']);
    expect(consoleError).toHaveBeenCalled();
  });

  it('pagehide sends a delivery waiting to retry at once', async () => {
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
});
