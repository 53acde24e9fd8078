// @vitest-environment node
// Three instances of an app's proxy, each a process of its own, sharing one real redis-server
// (started on a free port by these tests) and one emulator: what a load balancer spreads over
// them is limited, deduped and replayed as by one instance. With both supported clients.
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { startEmulator, type StartedEmulator } from '../testing/index.js';
import { startInstances, type Instance } from '../test/instances.js';
import { CLIENTS, startRedis, watchCommands, type TestRedis } from '../test/redis.js';
import { KEY } from './test-kit.js';

describe.each(CLIENTS)('three instances sharing Redis through %s', (client) => {
  let redis: TestRedis;
  let emulator: StartedEmulator;
  let instances: Instance[];
  const forwarded = () => emulator.requests.filter((r) => r.path === '/v2/contacts') as { body: any }[];

  beforeAll(async () => {
    [redis, emulator] = await Promise.all([startRedis(), startEmulator({ apiKey: KEY })]);
    // A deadline no busy test machine reaches: these tests are about sharing, not outages.
    instances = await startInstances(3, { client, redisUrl: redis.url, apiKey: KEY, baseUrl: emulator.url, store: { timeoutMs: 5000 } });
  }, 60_000);
  afterAll(async () => {
    await Promise.all((instances || []).map((instance) => instance.stop()));
    await Promise.all([redis?.stop(), emulator?.close()]);
  });
  beforeEach(() => emulator.reset());

  test('one user flooding all three at once with changing contacts: Featurebase receives perUserPerMinute (30) of them', { timeout: 60_000 }, async () => {
    const answers = await Promise.all(
      Array.from({ length: 150 }, (_, i) => instances[i % 3].identify('flood', { name: `Flood ${i}` })),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(forwarded()).toHaveLength(30);
    expect(statuses.filter((status) => status < 300)).toHaveLength(30);
    expect(statuses.filter((status) => status == 429)).toHaveLength(120);
    // Each instance took part, and each refused some: the limit is the fleet's, not each one's.
    for (let i = 0; i < 3; i++) expect(answers.filter((answer, j) => j % 3 == i && answer.status == 429).length).toBeGreaterThan(0);
    const refused = answers.find((answer) => answer.status == 429)!;
    expect(refused.body.error).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  test('the same Idempotency-Key on two instances at once: forwarded once, both answered with its answer', async () => {
    const release = emulator.hold();
    const commands = await watchCommands(redis.port);
    try {
      const first = instances[0].identify('ada', { name: 'Ada' }, { 'idempotency-key': 'idem-1' });
      await vi.waitFor(() => expect(forwarded()).toHaveLength(1));
      const second = instances[1].identify('ada', { name: 'Ada' }, { 'idempotency-key': 'idem-1' });
      // The first instance claimed the key; the second tries again and again while the first's forward is held.
      const claims = () => commands.lines.filter((line) => /^"SET" "featurebase-identify:claim:.*"NX"$/.test(line)).length;
      await vi.waitFor(() => expect(claims()).toBeGreaterThanOrEqual(3));
      expect(forwarded()).toHaveLength(1);
      release();
      const [a, b] = await Promise.all([first, second]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(b.body).toEqual(a.body);
      expect(forwarded()).toHaveLength(1);
      // A third, later, on the third instance: replayed from Redis.
      expect((await instances[2].identify('ada', { name: 'Ada' }, { 'idempotency-key': 'idem-1' })).body).toEqual(a.body);
      expect(forwarded()).toHaveLength(1);
    } finally {
      release();
      commands.close();
    }
  });

  test('an identical contact on instance A, then on B: B answers from the dedupe, nothing forwarded', async () => {
    const a = await instances[0].identify('bob', { name: 'Bob' });
    const b = await instances[1].identify('bob', { name: 'Bob' });
    expect([a.status, b.status]).toEqual([201, 200]);
    expect(b.body).toEqual(a.body);
    expect(forwarded()).toHaveLength(1);
    expect((await instances[2].identify('bob', { name: 'Bob B.' })).status).toBe(200);
    expect(forwarded()).toHaveLength(2);
  });

  /**
   * Runs a test on two instances of its own, under a prefix of its own: a pause is the whole
   * key's, in Redis and in each instance's memory, and would outlast the test.
   */
  async function withOwnPair(prefix: string, run: (pair: Instance[]) => Promise<void>) {
    const pair = await startInstances(2, { client, redisUrl: redis.url, apiKey: KEY, baseUrl: emulator.url, store: { timeoutMs: 5000, prefix } });
    try {
      await run(pair);
    } finally {
      await Promise.all(pair.map((instance) => instance.stop()));
    }
  }

  test("Featurebase's 429 to one instance pauses them all", { timeout: 60_000 }, () =>
    withOwnPair('paused:', async ([a, b]) => {
      emulator.fail({ status: 429, retryAfter: 30 });
      expect((await a.identify('cy', { name: 'Cy' })).status).toBe(429);
      const other = await b.identify('dee', { name: 'Dee' });
      expect([other.status, other.body.error.code]).toEqual([429, 'key_rate_limited']);
      expect(Number(other.headers.get('retry-after'))).toBeGreaterThan(25);
      expect(forwarded()).toHaveLength(1);
    }));

  test('a pause Featurebase asks for that is under a second ends (Redis would keep a block of 0 s forever)', { timeout: 60_000 }, () =>
    withOwnPair('short-pause:', async ([a, b]) => {
      emulator.fail({ status: 429, retryAfter: 0.3 });
      expect((await a.identify('fay', { name: 'Fay' })).status).toBe(429);
      await vi.waitFor(async () => expect((await b.identify('gus', { name: 'Gus' })).status).toBe(201), { timeout: 10_000, interval: 200 });
      expect(forwarded()).toHaveLength(2);
    }));

  test('Redis holds no user identifier and no contact in the clear', async () => {
    await instances[0].identify('eve', { name: 'Eve Secretname' }, { 'idempotency-key': 'idem-eve' });
    const held = await redis.dump();
    expect(held).toMatch(/featurebase-identify:replay:/);
    expect(held).toMatch(/featurebase-identify:dedupe:/);
    expect(held).toMatch(/featurebase-identify:user:/);
    // Hashes and ciphertexts are base64: a bare 'eve' turns up in one now and then, a quoted one never.
    for (const plain of ['@example.com', '"eve"', 'Secretname', 'idem-eve', 'usr_']) expect(held).not.toContain(plain);
  });
});
