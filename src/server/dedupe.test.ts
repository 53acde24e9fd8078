// @vitest-environment node
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createIdentifyHandler } from './handler.js';
import { identifyRequest, KEY, useEmulator } from './test-kit.js';

const setup = useEmulator();
const { call, handler } = setup;
const forwarded = () => setup.emulator.requests.filter((r) => r.path === '/v2/contacts') as { body: any }[];
afterEach(() => void vi.useRealTimers());

describe('server-side dedupe', () => {
  test('the same contact from the same user, without Idempotency-Key, is answered from the last success', async () => {
    const handle = handler();
    const first = await call(handle, identifyRequest({ name: 'Ada' }));
    // Another device, another key: still the same contact.
    const again = await call(handle, identifyRequest({ name: 'Ada' }, { headers: { 'idempotency-key': 'device-2' } }));
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('x-ratelimit-remaining')).toBe('29');
    expect(forwarded()).toHaveLength(1);
  });

  test('A, B, then A again is forwarded: Featurebase holds B by then', async () => {
    const handle = handler();
    for (const name of ['A', 'B', 'A']) await call(handle, identifyRequest({ name }));
    expect(forwarded().map((r) => r.body.name)).toEqual(['A', 'B', 'A']);
  });

  test('after a failed forward the last delivered contact is forwarded again', async () => {
    const handle = handler();
    await call(handle, identifyRequest({ name: 'A' }));
    setup.emulator.fail({ status: 503 });
    expect((await call(handle, identifyRequest({ name: 'B' }))).status).toBe(502);
    // B may have reached Featurebase before it failed: A is no longer known to be there.
    expect((await call(handle, identifyRequest({ name: 'A' }))).status).toBe(200);
    expect(forwarded().map((r) => r.body.name)).toEqual(['A', 'B', 'A']);
  });

  test("it is per user: each user's last contact, whoever identified in between", async () => {
    const users: Record<string, object> = { ada: { userId: 'usr_ada' }, bob: { userId: 'usr_bob' } };
    const handle = createIdentifyHandler({ apiKey: KEY, baseUrl: setup.emulator.url, resolveUser: (request) => users[request.headers.get('x-user')!] });
    const as = (user: string) => call(handle, identifyRequest({ name: 'Same' }, { headers: { 'x-user': user } }));
    for (const user of ['ada', 'bob', 'ada', 'bob']) await as(user);
    expect(forwarded().map((r) => r.body.userId)).toEqual(['usr_ada', 'usr_bob']);
  });

  test('what enrich adds is part of the contact: a change there is forwarded', async () => {
    let roles = ['free'];
    const handle = handler({ enrich: (contact) => ({ ...contact, roles }) });
    await call(handle, identifyRequest({ name: 'Ada' }));
    await call(handle, identifyRequest({ name: 'Ada' }));
    roles = ['pro'];
    await call(handle, identifyRequest({ name: 'Ada' }));
    expect(forwarded().map((r) => r.body.roles)).toEqual([['free'], ['pro']]);
  });

  test('the window is 10 minutes by default, dedupeMs sets it, 0 turns it off', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const byDefault = handler();
    await call(byDefault, identifyRequest({ name: 'A' }));
    vi.advanceTimersByTime(10 * 60_000 - 1000);
    await call(byDefault, identifyRequest({ name: 'A' }));
    expect(forwarded()).toHaveLength(1);
    vi.advanceTimersByTime(1001);
    await call(byDefault, identifyRequest({ name: 'A' }));
    expect(forwarded()).toHaveLength(2);

    const short = handler({ dedupeMs: 5000 });
    await call(short, identifyRequest({ name: 'B' }));
    vi.advanceTimersByTime(5001);
    await call(short, identifyRequest({ name: 'B' }));
    expect(forwarded()).toHaveLength(4);

    const off = handler({ dedupeMs: 0 });
    await call(off, identifyRequest({ name: 'C' }));
    await call(off, identifyRequest({ name: 'C' }));
    expect(forwarded()).toHaveLength(6);
  });

  test('without a session (allowUnauthenticated) it is per contact identity', async () => {
    const open = handler({ resolveUser: undefined, allowUnauthenticated: true });
    for (const userId of ['a', 'b', 'a']) await call(open, identifyRequest({ userId, name: 'X' }));
    expect(forwarded().map((r) => r.body.userId)).toEqual(['a', 'b']);
  });
});
