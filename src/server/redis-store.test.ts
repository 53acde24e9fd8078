// @vitest-environment node
// Redis killed or hung under a running handler (a real redis-server, started per test): requests
// are still answered, by the onError policy, with one warning per outage and one line when Redis
// answers again; then the instances share their state again. With both supported clients, left
// with their defaults (both queue commands while disconnected: the store's deadline still holds).
import { afterEach, describe, expect, test, vi } from 'vitest';
import { CLIENTS, connectClient, startRedis, type TestClient, type TestRedis } from '../test/redis.js';
import { redisStore, type RedisStoreOptions } from './redis-store.js';
import type { IdentifyHandlerOptions } from './options.js';
import { identifyRequest, useEmulator } from './test-kit.js';

const setup = useEmulator();
const { call } = setup;
const forwarded = () => setup.emulator.requests.filter((r) => r.path === '/v2/contacts');
const lines = (pattern: RegExp) => setup.leaks.consoleCalls.filter((line) => pattern.test(line));
const OUTAGE = /^warn[^]*The Redis store did not answer/;
const RECOVERY = /^warn[^]*The Redis store answers again/;

describe('redisStore', () => {
  test.each([
    ['redis://127.0.0.1:6379', {}, /client must be a client of the redis package \(v4 or later\) or of ioredis/],
    [{ get: () => {} }, {}, /client must be/],
    [null, {}, /client must be/],
    ['ioredis', { timeoutMs: 0 }, /timeoutMs must be a positive integer/],
    ['ioredis', { timeoutMs: 1.5 }, /timeoutMs/],
    ['ioredis', { onError: 'retry' }, /onError must be 'open' or 'closed'/],
    ['ioredis', { prefix: 5 }, /prefix must be a string/],
  ])('%j with %j: a TypeError saying what is wrong', (client, options, message) => {
    const stand = client == 'ioredis' ? { call: async () => null, defineCommand: () => {} } : client;
    expect(() => redisStore(stand as never, options as never)).toThrow(message);
  });

  test('a handler given something else as its store answers 500 misconfigured, and logs why once', async () => {
    const handle = setup.handler({ store: { limiter: () => null } as never });
    for (let i = 0; i < 2; i++) expect((await call(handle, identifyRequest({ name: 'Ada' }))).body.error.code).toBe('misconfigured');
    expect(lines(/^error[^]*store must be a store such as redisStore\(client\)/)).toHaveLength(1);
    expect(forwarded()).toEqual([]);
  });
});

describe.each(CLIENTS)('a real Redis through %s', (kind) => {
  let redis: TestRedis;
  let clients: TestClient[] = [];
  afterEach(async () => {
    redis.thaw();
    await Promise.all(clients.map((client) => client.close()));
    clients = [];
    await redis.stop();
  });

  /** A handler on its own connection to the test's Redis, as one instance of the app. */
  async function instance(options: RedisStoreOptions, handlerOptions: Partial<IdentifyHandlerOptions> = {}) {
    const client = await connectClient(kind, redis.url);
    clients.push(client);
    return setup.handler({ store: redisStore(client.client, { timeoutMs: 300, ...options }), ...handlerOptions });
  }

  /** Sends until the instance has seen Redis answer again (it pings once a second while down). */
  async function untilRecovered(handle: (request: Request) => Promise<Response>) {
    let n = 0;
    await vi.waitFor(
      async () => {
        await call(handle, identifyRequest({ name: `Probe ${n++}` }));
        expect(lines(RECOVERY)).toHaveLength(1);
      },
      { timeout: 12_000, interval: 250 },
    );
  }

  test('two apps on one Redis, each with its own prefix: every key starts with one, and neither app limits or dedupes the other', async () => {
    redis = await startRedis();
    const one = { limits: { perUserPerMinute: 1 } };
    const [shop, blog] = [await instance({ prefix: 'shop:' }, one), await instance({ prefix: 'blog:' }, one)];
    expect((await call(shop, identifyRequest({ name: 'Ada' }))).status).toBe(201);
    expect((await call(shop, identifyRequest({ name: 'Ada L.' }))).status).toBe(429);
    // The same user and contact in the other app: its own limit, its own dedupe, so forwarded.
    expect((await call(blog, identifyRequest({ name: 'Ada' }))).status).toBe(200);
    expect(forwarded()).toHaveLength(2);
    const keys = (await redis.dump()).split('\n').map((line) => line.split(' = ')[0]);
    expect(keys.filter((key) => key.startsWith('shop:user:'))).toHaveLength(1);
    expect(keys.filter((key) => key.startsWith('blog:user:'))).toHaveLength(1);
    expect(keys.filter((key) => !/^(shop|blog):(user|key|dedupe):/.test(key))).toEqual([]);
  });

  test('three instances with keyPerMinute 10, 40 users at once: Featurebase receives 10, the other 30 get 429 key_rate_limited', async () => {
    redis = await startRedis();
    const options = { limits: { keyPerMinute: 10 }, resolveUser: (request: Request) => ({ userId: request.headers.get('x-user')! }) };
    // A deadline no busy test machine reaches: this test is about sharing, not outages.
    const fleet = [await instance({ timeoutMs: 5000 }, options), await instance({ timeoutMs: 5000 }, options), await instance({ timeoutMs: 5000 }, options)];
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => call(fleet[i % 3], identifyRequest({ name: `User ${i}` }, { headers: { 'x-user': `usr_${i}` } }))));
    expect(forwarded()).toHaveLength(10);
    expect(answers.filter((answer) => answer.status < 300)).toHaveLength(10);
    expect(answers.filter((answer) => answer.status == 429 && answer.body.error.code == 'key_rate_limited')).toHaveLength(30);
  });

  test("onError 'open' (the default): killed, requests are forwarded with this process's limits; one warning; shared again once it is back", { timeout: 30_000 }, async () => {
    redis = await startRedis();
    const [a, b] = [await instance({}), await instance({})];
    expect((await call(a, identifyRequest({ name: 'Before' }))).status).toBe(201);
    await redis.kill();

    const during = await Promise.all(Array.from({ length: 6 }, (_, i) => call(a, identifyRequest({ name: `During ${i}` }))));
    expect(during.map((answer) => answer.status)).toEqual(Array(6).fill(200));
    expect((await call(a, identifyRequest({ name: 'During 6' }))).status).toBe(200);
    expect(forwarded()).toHaveLength(8);
    expect(lines(OUTAGE)).toHaveLength(1);
    expect(lines(OUTAGE)[0]).toMatch(/limits, dedupe and replays are this process's own/);

    await redis.restart();
    await untilRecovered(a);
    // Shared again: B answers A's contact from the dedupe, in the new Redis.
    const sent = forwarded().length;
    expect((await call(a, identifyRequest({ name: 'After' }))).status).toBe(200);
    expect((await call(b, identifyRequest({ name: 'After' }))).status).toBe(200);
    expect(forwarded()).toHaveLength(sent + 1);
    expect(lines(OUTAGE)).toHaveLength(1);
    expect(lines(RECOVERY)).toHaveLength(1);
  });

  test("onError 'closed': killed, every request gets 503 store_unavailable with Retry-After, nothing forwarded; one warning", { timeout: 30_000 }, async () => {
    redis = await startRedis();
    const a = await instance({ onError: 'closed' });
    expect((await call(a, identifyRequest({ name: 'Before' }))).status).toBe(201);
    await redis.kill();

    const during = await Promise.all(Array.from({ length: 5 }, (_, i) => call(a, identifyRequest({ name: `During ${i}` }, { headers: { 'idempotency-key': `k${i}` } }))));
    for (const { status, headers, body } of during) {
      expect(status).toBe(503);
      expect(headers.get('retry-after')).toBe('5');
      expect(body).toEqual({ error: { type: 'api_error', code: 'store_unavailable', message: expect.stringMatching(/shared store/), status: 503 } });
    }
    expect(forwarded()).toHaveLength(1);
    expect(lines(OUTAGE)).toHaveLength(1);
    expect(lines(OUTAGE)[0]).toMatch(/requests get 503/);

    await redis.restart();
    await untilRecovered(a);
    expect((await call(a, identifyRequest({ name: 'After' }))).status).toBe(200);
    expect(lines(OUTAGE)).toHaveLength(1);
  });

  test('hung (stopped, connections open): the deadline answers for Redis, whose client would wait forever', { timeout: 30_000 }, async () => {
    redis = await startRedis();
    const a = await instance({});
    expect((await call(a, identifyRequest({ name: 'Before' }))).status).toBe(201);
    redis.freeze();
    const during = await Promise.all(Array.from({ length: 4 }, (_, i) => call(a, identifyRequest({ name: `During ${i}` }))));
    expect(during.map((answer) => answer.status)).toEqual(Array(4).fill(200));
    expect(lines(OUTAGE)).toHaveLength(1);
    expect(lines(OUTAGE)[0]).toMatch(/no answer within 300 ms/);
    redis.thaw();
    await untilRecovered(a);
  });
});
