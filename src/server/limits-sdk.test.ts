// The browser SDK against the real proxy handler, on fake timers: a rate-limited identify waits
// for Retry-After and is delivered once the user's window has passed.
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type * as Sdk from '../index.js';
import { createIdentifyHandler } from './handler.js';

let sdk: typeof Sdk;
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  localStorage.clear();
  vi.resetModules();
  sdk = await import('../index.js');
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

test('a rate-limited identify is delivered once the window passes: the SDK honours the proxy\'s Retry-After', async () => {
  const received: { at: number; name: string }[] = [];
  const handler = createIdentifyHandler({
    apiKey: 'fb_key',
    resolveUser: () => ({ userId: 'u_ada' }),
    limits: { perUserPerMinute: 2 },
    // Featurebase, in memory: what reached it, and when.
    fetch: async (_url, init) => {
      const contact = JSON.parse(String(init!.body));
      received.push({ at: Date.now(), name: contact.name });
      return Response.json({ object: 'contact', id: 'a'.repeat(24), ...contact }, { status: received.length == 1 ? 201 : 200 });
    },
  });
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => handler(new Request(new URL(url, location.href), init)));
  const start = Date.now();
  const settle = async <T>(promise: Promise<T>) => (await vi.advanceTimersByTimeAsync(100), promise);
  expect(await settle(sdk.identify({ userId: 'u_ada', name: 'A' }))).toMatchObject({ status: 'created' });
  expect(await settle(sdk.identify({ userId: 'u_ada', name: 'B' }))).toMatchObject({ status: 'updated' });
  const states: string[] = [];
  sdk.on('state', ({ state }) => states.push(state));
  const third = sdk.identify({ userId: 'u_ada', name: 'C' });
  await vi.advanceTimersByTimeAsync(59_000);
  expect(received.map((r) => r.name)).toEqual(['A', 'B']);
  expect(states).toContain('retrying');
  await vi.advanceTimersByTimeAsync(2000);
  expect(await third).toMatchObject({ status: 'updated', contact: { name: 'C' } });
  expect(received.map((r) => r.name)).toEqual(['A', 'B', 'C']);
  expect(received[2].at - start).toBeGreaterThanOrEqual(60_000);
});
