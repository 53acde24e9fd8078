// @vitest-environment node
import { describe, expect, test } from 'vitest';
import { createIdentifyHandler } from './handler.js';
import type { IdentifyHandlerOptions } from './options.js';
import { identifyRequest, KEY, useEmulator } from './test-kit.js';

const setup = useEmulator();
const { call } = setup;
const forwarded = () => setup.emulator.requests.filter((r) => r.path === '/v2/contacts');

const USERS: Record<string, { userId: string; email: string }> = {
  ada: { userId: 'usr_ada', email: 'ada@example.com' },
  bob: { userId: 'usr_bob', email: 'bob@example.com' },
  cy: { userId: 'usr_cy', email: 'cy@example.com' },
};

/** One handler for every user: the session is the `x-user` header's user. */
const handler = (overrides: Partial<IdentifyHandlerOptions> = {}) =>
  createIdentifyHandler({ apiKey: KEY, baseUrl: setup.emulator.url, resolveUser: (request) => USERS[request.headers.get('x-user') || ''] || null, ...overrides });
const as = (user: string, body: object = { name: user }, headers: Record<string, string> = {}) => identifyRequest(body, { headers: { 'x-user': user, ...headers } });
const retryAfter = (headers: Headers) => Number(headers.get('retry-after'));

describe('per user', () => {
  test('a flood of 500 changing contacts without Idempotency-Key: 30 forwarded, the rest 429 with Retry-After; another user is still served', { timeout: 60_000 }, async () => {
    const handle = handler();
    const answers = [];
    // Ten at a time, as a loop in a page or a script would.
    for (let i = 0; i < 500; i += 10) {
      answers.push(...(await Promise.all(Array.from({ length: 10 }, (_, j) => call(handle, as('ada', { name: `Ada ${i + j}` }))))));
    }
    const ok = answers.filter((a) => a.status < 300);
    const limited = answers.filter((a) => a.status == 429);
    expect(forwarded()).toHaveLength(30);
    expect([ok.length, limited.length]).toEqual([30, 470]);
    for (const { headers, body } of limited) {
      expect(body.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limited', status: 429 });
      expect(retryAfter(headers)).toBeGreaterThanOrEqual(1);
      expect(retryAfter(headers)).toBeLessThanOrEqual(60);
      expect([headers.get('x-ratelimit-limit'), headers.get('x-ratelimit-remaining')]).toEqual(['30', '0']);
    }
    const bob = await call(handle, as('bob'));
    expect([bob.status, bob.body.userId]).toEqual([201, 'usr_bob']);
    expect(forwarded()).toHaveLength(31);
  });

  test('the browser sees its own limit in X-RateLimit-*, never the key quota Featurebase reports', async () => {
    const handle = handler({ limits: { perUserPerMinute: 5 } });
    const first = await call(handle, as('ada'));
    const second = await call(handle, as('ada', { name: 'Ada 2' }));
    expect([first.headers.get('x-ratelimit-limit'), first.headers.get('x-ratelimit-remaining')]).toEqual(['5', '4']);
    expect([second.headers.get('x-ratelimit-limit'), second.headers.get('x-ratelimit-remaining')]).toEqual(['5', '3']);
    const reset = Number(first.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThan(Date.now() / 1000);
    expect(reset).toBeLessThanOrEqual(Date.now() / 1000 + 61);
    // Bob's own window.
    expect((await call(handle, as('bob'))).headers.get('x-ratelimit-remaining')).toBe('4');
  });

  test('requests answered without a forward (refused, replayed) do not count', async () => {
    const handle = handler({ limits: { perUserPerMinute: 2 } });
    for (let i = 0; i < 5; i++) expect((await call(handle, as('ada', { roles: ['admin'] }))).status).toBe(403);
    expect((await call(handle, as('ada', { name: 'A' }, { 'idempotency-key': 'k1' }))).status).toBe(201);
    for (let i = 0; i < 5; i++) expect((await call(handle, as('ada', { name: 'A' }, { 'idempotency-key': 'k1' }))).status).toBe(201);
    expect((await call(handle, as('ada', { name: 'B' }))).status).toBe(200);
    expect((await call(handle, as('ada', { name: 'C' }))).status).toBe(429);
    expect(forwarded()).toHaveLength(2);
  });

  test('perUserPerMinute: false turns the per-user limit off (and its headers)', async () => {
    const handle = handler({ limits: { perUserPerMinute: false } });
    for (let i = 0; i < 40; i++) expect((await call(handle, as('ada', { name: `Ada ${i}` }))).status).toBeLessThan(300);
    const { headers } = await call(handle, as('ada', { name: 'last' }));
    expect(headers.get('x-ratelimit-limit')).toBeNull();
    expect(forwarded()).toHaveLength(41);
  });
});

describe('per key', () => {
  test('keyPerMinute caps the forwards of all users together; the refused user keeps the forward it did not get', async () => {
    const handle = handler({ limits: { keyPerMinute: 3, perUserPerMinute: 2 } });
    expect((await call(handle, as('ada'))).status).toBe(201);
    expect((await call(handle, as('bob'))).status).toBe(201);
    expect((await call(handle, as('cy'))).status).toBe(201);
    const refused = await call(handle, as('ada', { name: 'Ada again' }));
    expect([refused.status, refused.body.error.code, refused.body.error.type]).toEqual([429, 'key_rate_limited', 'rate_limit_error']);
    expect(retryAfter(refused.headers)).toBeGreaterThanOrEqual(1);
    // Ada's own headroom: one forward used of two, the refused one given back.
    expect([refused.headers.get('x-ratelimit-limit'), refused.headers.get('x-ratelimit-remaining')]).toEqual(['2', '1']);
    // Read again from her window, on an answer that forwards nothing (her first contact, deduped).
    const deduped = await call(handle, as('ada'));
    expect([deduped.status, deduped.headers.get('x-ratelimit-remaining')]).toEqual([200, '1']);
    expect(forwarded()).toHaveLength(3);
  });

  test('after a 429 from Featurebase nothing is forwarded until its reset, for any user', async () => {
    const handle = handler();
    setup.emulator.fail({ status: 429, retryAfter: 30 });
    const first = await call(handle, as('ada'));
    expect([first.status, first.body.error.code, first.headers.get('retry-after')]).toEqual([429, 'key_rate_limited', '30']);
    const bob = await call(handle, as('bob'));
    expect([bob.status, bob.body.error.code]).toEqual([429, 'key_rate_limited']);
    expect(retryAfter(bob.headers)).toBeGreaterThanOrEqual(29);
    expect(retryAfter(bob.headers)).toBeLessThanOrEqual(30);
    expect(forwarded()).toHaveLength(1);
    // Featurebase's key quota is not shown: the headers are the user's own.
    expect(first.headers.get('x-ratelimit-limit')).toBe('30');
  });

  test('a success with X-RateLimit-Remaining: 0 stops the forwards until X-RateLimit-Reset', async () => {
    const reset = Math.ceil(Date.now() / 1000) + 20;
    const lastOfTheWindow: typeof fetch = async (input, init) => {
      const upstream = await fetch(input, init);
      const headers = new Headers(upstream.headers);
      headers.set('x-ratelimit-remaining', '0');
      headers.set('x-ratelimit-reset', String(reset));
      return new Response(upstream.body, { status: upstream.status, headers });
    };
    const handle = handler({ fetch: lastOfTheWindow });
    expect((await call(handle, as('ada'))).status).toBe(201);
    const next = await call(handle, as('bob'));
    expect([next.status, next.body.error.code]).toEqual([429, 'key_rate_limited']);
    expect(retryAfter(next.headers)).toBeGreaterThanOrEqual(18);
    expect(retryAfter(next.headers)).toBeLessThanOrEqual(21);
    expect(forwarded()).toHaveLength(1);
  });

  test('keyPerMinute: false turns our key budget off, but Featurebase\'s own 429 is still honoured', async () => {
    const handle = handler({ limits: { keyPerMinute: false, perUserPerMinute: false } });
    for (let i = 0; i < 5; i++) expect((await call(handle, as('ada', { name: `Ada ${i}` }))).status).toBeLessThan(300);
    setup.emulator.fail({ status: 429, retryAfter: 10 });
    expect((await call(handle, as('ada', { name: 'x' }))).status).toBe(429);
    expect((await call(handle, as('bob'))).status).toBe(429);
    expect(forwarded()).toHaveLength(6);
  });
});

describe('options out of range', () => {
  test.each([
    [{ bodyTimeoutMs: 0 }, /bodyTimeoutMs must be an integer of at least 1/],
    [{ maxCompanies: -1 }, /maxCompanies must be an integer of at least 0/],
    [{ dedupeMs: 1.5 }, /dedupeMs must be an integer of at least 0/],
    [{ dedupeMs: -1 }, /dedupeMs/],
    [{ maxCompanies: '5' }, /maxCompanies/],
    [{ limits: { perUserPerMinute: 0 } }, /limits\.perUserPerMinute must be a positive integer or false/],
    [{ limits: { perUserPerMinute: -1 } }, /limits\.perUserPerMinute/],
    [{ limits: { keyPerMinute: 1.5 } }, /limits\.keyPerMinute must be a positive integer or false/],
    [{ limits: { keyPerMinute: 'many' } }, /limits\.keyPerMinute/],
    [{ limits: { perUserPerMinute: true } }, /limits\.perUserPerMinute/],
  ])('%j: every request gets 500 misconfigured, the reason logged once', async (options, reason) => {
    const misconfigured = handler(options as never);
    for (let i = 0; i < 2; i++) expect((await call(misconfigured, as('ada'))).body.error.code).toBe('misconfigured');
    const errors = setup.leaks.consoleCalls.filter((line) => line.startsWith('error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(reason);
    expect(forwarded()).toEqual([]);
  });
});
