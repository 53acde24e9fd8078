import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch } from './test/fake-fetch.js';
import { ada, bob, closePage, never, newPage, ok, openPage, status } from './test/sdk.js';
import { storedIn, type StorageMode } from './test/storage.js';
import type * as Sdk from './index.js';

// What survives a page load, through localStorage, and what happens when storage is full or throws.

let sdk: typeof Sdk;
let items: Map<string, string>;
let mode: StorageMode;
const stored = (key: string) => storedIn(items, key);
const huge = { ...bob, customFields: Object.fromEntries(Array.from({ length: 30 }, (_, i) => ['f' + i, 'x'.repeat(2000)])) };

beforeEach(async () => ({ sdk, items, mode } = await openPage()));
afterEach(closePage);

describe('across page loads', () => {
  it('keeps an undelivered identify in localStorage, and removes it once delivered', async () => {
    let release!: () => void;
    fakeFetch((entry) => new Promise((resolve) => (release = () => resolve(ok(entry)))));
    const result = sdk.identify(ada);
    await vi.advanceTimersByTimeAsync(0);
    expect(JSON.parse(stored('pending').body)).toEqual(ada);
    release();
    await result;
    expect(stored('pending')).toBeUndefined();
  });

  it('delivers on the next page load what the last one left pending', async () => {
    fakeFetch(never);
    sdk.identify(ada);
    await vi.advanceTimersByTimeAsync(0);
    const sent = fakeFetch(ok);
    sdk = await newPage();
    expect(sdk.getIdentity()).toEqual(ada);
    const states: unknown[] = [];
    sdk.on('state', (s) => states.push(s));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((s) => [s.url, s.body])).toEqual([['/api/featurebase/identify', ada]]);
    expect(states[0]).toMatchObject({ state: 'sending', restored: true });
    expect(stored('pending')).toBeUndefined();
    expect(sdk.getIdentity()).toEqual(ada);
  });

  it('sends a restored delivery only to the endpoint configured now, with the headers of now', async () => {
    // Anything on the origin can write localStorage: a stored endpoint must not be followed.
    items.set('featurebase-identify:pending', JSON.stringify({ body: JSON.stringify(ada), endpoint: 'https://attacker.example/collect', id: 'k1' }));
    const sent = fakeFetch(ok);
    sdk = await newPage();
    sdk.init({ endpoint: '/auth/fb', headers: { 'X-CSRF-Token': 'fresh' } });
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((s) => [s.url, s.headers['x-csrf-token'], s.headers['idempotency-key'], s.body])).toEqual([['/auth/fb', 'fresh', 'k1', ada]]);
  });

  it('does not send a restored delivery when the new page identifies first', async () => {
    items.set('featurebase-identify:pending', JSON.stringify({ body: JSON.stringify(ada), id: 'k1' }));
    const sent = fakeFetch(ok);
    sdk = await newPage();
    await sdk.identify(bob);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((s) => s.body)).toEqual([bob]);
  });

  it('a contact too large to store removes the older pending one, which must not come back', async () => {
    fakeFetch(never);
    sdk.identify(ada);
    await vi.advanceTimersByTimeAsync(0);
    expect(JSON.parse(stored('pending').body)).toEqual(ada);
    sdk.identify(huge);
    await vi.advanceTimersByTimeAsync(0);
    expect(stored('pending')).toBeUndefined();
    expect(sdk.getIdentity()).toEqual(huge);
  });
});

describe('full or throwing storage', () => {
  it('full: a newer identify removes the stored older one and the last delivered, which must not come back', async () => {
    fakeFetch(ok, never);
    const zed = { userId: 'u_zed' };
    await sdk.identify(zed);
    sdk.identify(ada);
    await vi.advanceTimersByTimeAsync(0);
    expect(JSON.parse(stored('pending').body)).toEqual(ada);
    mode.full = true;
    sdk.identify(bob);
    await vi.advanceTimersByTimeAsync(0);
    expect(sdk.getIdentity()).toEqual(bob);
    // The next page knows nothing of bob: it must not take ada, or zed, for the current identity.
    const sent = fakeFetch(ok);
    sdk = await newPage();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([]);
    expect(sdk.getIdentity()).toBeNull();
  });

  it('full: dedupe and the identity work from memory for the page', async () => {
    mode.full = true;
    const sent = fakeFetch(ok);
    await expect(sdk.identify(ada)).resolves.toMatchObject({ status: 'created' });
    await expect(sdk.identify(ada)).resolves.toEqual({ status: 'unchanged' });
    expect(sent).toHaveLength(1);
    expect(items.size).toBe(0);
  });

  it('throwing (Safari private mode, blocked storage): identify, dedupe and reset work from memory', async () => {
    mode.broken = true;
    const sent = fakeFetch(ok, status(503), ok);
    await expect(sdk.identify(ada)).resolves.toMatchObject({ status: 'created' });
    await expect(sdk.identify(ada)).resolves.toEqual({ status: 'unchanged' });
    expect(sdk.getIdentity()).toEqual(ada);
    const retried = sdk.identify(bob);
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(retried).resolves.toMatchObject({ status: 'created' });
    sdk.reset();
    expect(sdk.getIdentity()).toBeNull();
    expect(sent).toHaveLength(3);
  });
});

describe('the last contact delivered', () => {
  it('is remembered across page loads for dedupe, and as the identity', async () => {
    const sent = fakeFetch(ok);
    await sdk.identify(ada);
    sdk = await newPage();
    expect(sdk.getIdentity()).toEqual(ada);
    await expect(sdk.identify(ada)).resolves.toEqual({ status: 'unchanged' });
    expect(sent).toHaveLength(1);
  });

  it('is forgotten, in storage too, once dedupeMs has passed: the next page shows no identity', async () => {
    fakeFetch(ok);
    sdk.init({ dedupeMs: 60_000 });
    await sdk.identify(ada);
    expect(JSON.parse(stored('last').body)).toEqual(ada);
    vi.advanceTimersByTime(59_999);
    sdk = await newPage();
    sdk.init({ dedupeMs: 60_000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(sdk.getIdentity()).toEqual(ada);
    vi.advanceTimersByTime(1);
    sdk = await newPage();
    sdk.init({ dedupeMs: 60_000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(stored('last')).toBeUndefined();
    expect(sdk.getIdentity()).toBeNull();
  });

  it('the page that identified keeps showing its identity after dedupeMs, and sends it again', async () => {
    const sent = fakeFetch(ok);
    sdk.init({ dedupeMs: 1000 });
    await sdk.identify(ada);
    vi.advanceTimersByTime(1000);
    expect(sdk.getIdentity()).toEqual(ada);
    await expect(sdk.identify(ada)).resolves.toMatchObject({ status: 'created' });
    expect(sent).toHaveLength(2);
  });

  it('dedupeMs: 0 sends every identify and keeps no contact in storage', async () => {
    const sent = fakeFetch(ok);
    sdk.init({ dedupeMs: 0 });
    await sdk.identify(ada);
    await expect(sdk.identify(ada)).resolves.toMatchObject({ status: 'created' });
    expect(sent).toHaveLength(2);
    expect(stored('last')).toBeUndefined();
    expect(sdk.getIdentity()).toEqual(ada);
  });
});
