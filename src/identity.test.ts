import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch } from './test/fake-fetch.js';
import { ada, bob, closePage, ok, openPage, status } from './test/sdk.js';
import { storedIn } from './test/storage.js';
import type * as Sdk from './index.js';

// What the SDK remembers within a page (dedupe, the identity) and how reset and events report it.

let sdk: typeof Sdk;
let items: Map<string, string>;
const stored = (key: string) => storedIn(items, key);

beforeEach(async () => ({ sdk, items } = await openPage()));
afterEach(closePage);

describe('dedupe', () => {
  it('does not send the same contact twice within dedupeMs: unchanged', async () => {
    const sent = fakeFetch(ok);
    await sdk.identify(ada);
    await expect(sdk.identify({ ...ada })).resolves.toEqual({ status: 'unchanged' });
    expect(sent).toHaveLength(1);
  });

  it('sends again with force, after dedupeMs, or when anything changed', async () => {
    const sent = fakeFetch(ok);
    sdk.init({ dedupeMs: 1000 });
    await sdk.identify(ada);
    await sdk.identify(ada, { force: true });
    await sdk.identify({ ...ada, name: 'Ada' });
    vi.advanceTimersByTime(999);
    await expect(sdk.identify({ ...ada, name: 'Ada' })).resolves.toEqual({ status: 'unchanged' });
    vi.advanceTimersByTime(1);
    await sdk.identify({ ...ada, name: 'Ada' });
    expect(sent).toHaveLength(4);
  });

  it('an option set to undefined goes back to its default: dedupeMs 24 hours', async () => {
    const sent = fakeFetch(ok);
    sdk.init({ dedupeMs: 1000 });
    sdk.init({ dedupeMs: undefined });
    await sdk.identify(ada);
    vi.advanceTimersByTime(86_399_999);
    await expect(sdk.identify(ada)).resolves.toEqual({ status: 'unchanged' });
    vi.advanceTimersByTime(1);
    await expect(sdk.identify(ada)).resolves.toMatchObject({ status: 'created' });
    expect(sent).toHaveLength(2);
  });

  it('React StrictMode: the same identify twice in a row costs one request, both resolve', async () => {
    const sent = fakeFetch(ok);
    const callback = vi.fn();
    const results = await Promise.all([sdk.identify(ada, callback), sdk.identify(ada, callback)]);
    expect(results.map((r) => r.status)).toEqual(['created', 'created']);
    expect(callback).toHaveBeenCalledTimes(2);
    expect(sent).toHaveLength(1);
  });

  it('a contact sent after another was delivered is not deduped against the older one', async () => {
    // ada delivered, then ada renamed: whatever became of the rename, ada as before is sent again.
    const sent = fakeFetch(ok, status(400), ok);
    await sdk.identify(ada);
    await sdk.identify({ ...ada, name: 'Ada' }).catch(() => {});
    await expect(sdk.identify(ada)).resolves.toMatchObject({ status: 'created' });
    expect(sent).toHaveLength(3);
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
    expect(stored('pending')).toBeUndefined();
    expect(stored('last')).toBeUndefined();
    expect(typeof stored('reset')).toBe('number');
    expect(resets).toHaveBeenCalledTimes(1);
    await expect(sdk.identify(ada)).resolves.toMatchObject({ status: 'created' });
    expect(sent).toHaveLength(3);
  });

  it('reset takes no argument: whatever it is given, it tells other tabs', async () => {
    (sdk.reset as (flag?: unknown) => void)(false);
    expect(typeof stored('reset')).toBe('number');
  });

  it('resets when another tab resets (storage event), without telling the tabs again', async () => {
    fakeFetch(ok);
    await sdk.identify(ada);
    const resets = vi.fn();
    sdk.on('reset', resets);
    window.dispatchEvent(new StorageEvent('storage', { key: 'featurebase-identify:reset', newValue: '1' }));
    expect(sdk.getIdentity()).toBeNull();
    expect(resets).toHaveBeenCalledTimes(1);
    expect(stored('reset')).toBeUndefined();
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
    expect(consoleError).toHaveBeenCalledWith(new Error('listener bug'));
  });
});
