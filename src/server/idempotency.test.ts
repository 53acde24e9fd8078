// @vitest-environment node
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createIdentifyHandler } from './handler.js';
import { identifyRequest, KEY, useEmulator } from './test-kit.js';

const setup = useEmulator();
const { call, handler } = setup;
const upstream = () => setup.emulator.requests.filter((r) => r.path === '/v2/contacts') as { body: any }[];
const withKey = (key: string, body: object = { name: 'Ada' }, headers: Record<string, string> = {}) =>
  identifyRequest(body, { headers: { 'idempotency-key': key, ...headers } });
afterEach(() => void vi.useRealTimers());

describe('Idempotency-Key', () => {
  test('concurrent repeats of one request are forwarded once and share its answer', async () => {
    const release = setup.emulator.hold();
    const handle = handler();
    const first = call(handle, withKey('k1'));
    const second = call(handle, withKey('k1'));
    await vi.waitFor(() => expect(upstream()).toHaveLength(1));
    release();
    const [a, b] = await Promise.all([first, second]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body).toEqual(a.body);
    expect(upstream()).toHaveLength(1);
  });

  test('a later repeat of a delivered request gets the first answer without a forward', async () => {
    const handle = handler();
    const first = await call(handle, withKey('k2'));
    const again = await call(handle, withKey('k2'));
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.id).toBe(first.body.id);
    expect(upstream()).toHaveLength(1);
  });

  test('a repeat after a failure is forwarded again: it is a retry', async () => {
    const handle = handler();
    setup.emulator.fail({ status: 503 });
    expect((await call(handle, withKey('k3'))).status).toBe(502);
    expect((await call(handle, withKey('k3'))).status).toBe(201);
    expect(upstream()).toHaveLength(2);
  });

  test('a replayed answer gets the CORS headers of its own request, not of an earlier one', async () => {
    const handle = handler({ allowedOrigins: ['https://www.example.com'] });
    const cross = (key: string) => withKey(key, { name: 'Ada' }, { origin: 'https://www.example.com' });
    const first = await call(handle, cross('k5'));
    const same = await call(handle, withKey('k5'));
    const again = await call(handle, cross('k5'));
    expect(upstream()).toHaveLength(1);
    expect(first.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
    expect(same.headers.get('access-control-allow-origin')).toBeNull();
    expect(again.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
    expect(same.body).toEqual(first.body);
  });

  test('the same key from another user of the same handler is forwarded, and answered with that user\'s contact', async () => {
    const users: Record<string, { userId: string }> = { ada: { userId: 'usr_ada' }, bob: { userId: 'usr_bob' } };
    const handle = createIdentifyHandler({ apiKey: KEY, baseUrl: setup.emulator.url, resolveUser: (request) => users[request.headers.get('x-user')!] });
    const ada = await call(handle, withKey('shared', { name: 'Same' }, { 'x-user': 'ada' }));
    const bob = await call(handle, withKey('shared', { name: 'Same' }, { 'x-user': 'bob' }));
    expect([ada.body.userId, bob.body.userId]).toEqual(['usr_ada', 'usr_bob']);
    expect(upstream().map((r) => r.body.userId)).toEqual(['usr_ada', 'usr_bob']);
  });

  test('the same key with another contact, no key, or an invalid key is forwarded', async () => {
    const handle = handler({ dedupeMs: 0 });
    await call(handle, withKey('k4'));
    await call(handle, withKey('k4', { name: 'Ada L.' }));
    await call(handle, identifyRequest({ name: 'Ada' }));
    await call(handle, withKey('bad key with spaces', { name: 'Ada' }));
    await call(handle, withKey('bad key with spaces', { name: 'Ada L.' }));
    expect(upstream()).toHaveLength(5);
  });

  test('an answer over 64 KiB is not kept: its repeat is forwarded again', async () => {
    let forwards = 0;
    const answering = (size: number) =>
      handler({ dedupeMs: 0, fetch: async () => (forwards++, Response.json({ object: 'contact', id: 'a'.repeat(24), pad: 'x'.repeat(size) }, { status: 201 })) });
    const large = answering(64 * 1024);
    await call(large, withKey('large'));
    await call(large, withKey('large'));
    expect(forwards).toBe(2);
    const small = answering(16 * 1024);
    await call(small, withKey('small'));
    await call(small, withKey('small'));
    expect(forwards).toBe(3);
  });

  test("one user's keys answered from the dedupe take no room: another user's key is still replayed", { timeout: 120_000 }, async () => {
    const users: Record<string, { userId: string }> = { ada: { userId: 'usr_ada' }, bob: { userId: 'usr_bob' } };
    const handle = createIdentifyHandler({ apiKey: KEY, baseUrl: setup.emulator.url, resolveUser: (request) => users[request.headers.get('x-user')!] });
    await call(handle, withKey('keep', { name: 'Bob' }, { 'x-user': 'bob' }));
    // Bob's next contact: his dedupe now holds that one, so only the replay cache can answer 'keep'.
    await call(handle, identifyRequest({ name: 'Bob B.' }, { headers: { 'x-user': 'bob' } }));
    // Ada's page sends a new key each time, the same contact: one forward, the rest deduped.
    for (let i = 0; i < 1000; i++) await call(handle, withKey(`ada-${i}`, { name: 'Ada' }, { 'x-user': 'ada' }));
    expect(upstream()).toHaveLength(3);
    await call(handle, withKey('keep', { name: 'Bob' }, { 'x-user': 'bob' }));
    expect(upstream()).toHaveLength(3);
  });

  test('a key is remembered for 10 minutes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const handle = handler({ dedupeMs: 0 });
    await call(handle, withKey('ttl'));
    vi.advanceTimersByTime(10 * 60_000 - 1000);
    expect((await call(handle, withKey('ttl'))).status).toBe(201);
    expect(upstream()).toHaveLength(1);
    vi.advanceTimersByTime(1001);
    expect((await call(handle, withKey('ttl'))).status).toBe(200);
    expect(upstream()).toHaveLength(2);
  });

  test('at most 1000 keys are remembered: the 1001st forgets the least recently used', { timeout: 120_000 }, async () => {
    const handle = handler({ limits: { perUserPerMinute: false }, dedupeMs: 0 });
    const send = (i: number) => call(handle, withKey(`cap-${i}`, { name: `Ada ${i}` }));
    for (let i = 0; i < 1000; i++) await send(i);
    expect(upstream()).toHaveLength(1000);
    // All 1000 are held: none is forwarded again.
    for (let i = 0; i < 1000; i++) await send(i);
    expect(upstream()).toHaveLength(1000);
    // Key 0 becomes the most recently used, key 1 the least.
    await send(0);
    await send(1000);
    expect(upstream()).toHaveLength(1001);
    await send(0);
    expect(upstream()).toHaveLength(1001);
    await send(1);
    expect(upstream()).toHaveLength(1002);
  });
});
