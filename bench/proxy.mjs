// Proxy throughput and latency: createNodeHandler against a bare pass-through forwarder, both
// forwarding to the emulator, under the same autocannon load on loopback, interleaved.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createClient } from 'redis';
import { proxyBody } from './contacts.mjs';
import { pacedLoad } from './paced.mjs';
import { startRedisServer } from './redis.mjs';
import { median, quantile } from './stats.mjs';

const here = (/** @type {string} */ file) => fileURLToPath(new URL(file, import.meta.url));

/**
 * @typedef {import('node:child_process').ChildProcess} ChildProcess
 * @typedef {{ rps: number, p50: number, p99: number, count: number, limited: number, bad: number }} LoadRun
 * @typedef {{ label: string, served: number, cpuMicros: number, rss: number, heapUsed: number, external: number }} Checkpoint
 * @typedef {{ child: ChildProcess, url: string }} Server
 * @typedef {Record<string, Server>} Servers - by mode
 * @typedef {{ info(): Promise<string> }} RedisClient - what is asked of node-redis's client
 * @typedef {{ cpuMicros: number, commands: number }} RedisCounters
 * @typedef {{ cpuMicros: number, redisCpuMicros?: number, redisCommands?: number }} Cost - what a run cost, per request
 * @typedef {LoadRun & Cost & { lateMs?: number }} StoreRun - a paced run (with `lateMs`) or a flood, with its cost
 * @typedef {'cpuMicros' | 'redisCpuMicros' | 'redisCommands' | 'lateMs'} CostKey
 * @typedef {ReturnType<typeof summarize<StoreRun>> & Record<CostKey, number>} StoreSummary - medians of the runs and of their costs
 * @typedef {{ rate: number, seconds: number, rounds: number, connections: number } & Record<'proxy' | 'proxy-redis' | 'bare' | 'limited' | 'limited-redis', StoreSummary>} Stores - the settings, and a summary by mode
 */

/**
 * Forks a child and waits for its first message.
 * @param {string} file - next to this one
 * @param {string[]} [args]
 * @param {string[]} [execArgv]
 * @returns {Promise<{ child: ChildProcess, message: any }>}
 */
async function start(file, args = [], execArgv = []) {
  const child = fork(here(file), args, { execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const [message] = await once(child, 'message');
  return { child, message };
}

/**
 * @param {ChildProcess} child
 * @param {string} question
 * @returns {Promise<any>} the next message of a child
 */
const ask = async (child, question) => (child.send(question), (await once(child, 'message'))[0]);

/**
 * One load run. Latencies are taken from autocannon's per-response event in fractional
 * milliseconds (its own histogram rounds to whole milliseconds).
 * @param {string} url - the server under test
 * @param {{ connections?: number, seconds?: number, maxRequests?: number, idempotencyKey?: boolean }} options - `idempotencyKey: false` sends none (a flood)
 * @returns {Promise<LoadRun>} requests/s, p50, p99 and the count of non-2xx answers and errors
 */
async function load(url, { connections = 50, seconds = 5, maxRequests = 200_000, idempotencyKey = true }) {
  /** @type {number[]} */
  const latencies = [];
  let sent = 0;
  /** @type {import('autocannon').Result} */
  const result = await new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: url + '/api/featurebase/identify',
        method: 'POST',
        // A fresh Idempotency-Key per request, as the browser SDK sends: every request is forwarded,
        // and the proxy's replay cache is exercised at its bound (1000 keys). A flood sends none.
        headers: { 'content-type': 'application/json', ...(idempotencyKey && { 'idempotency-key': 'bench-[<id>]' }) },
        idReplacement: true,
        // The body is built per request (autocannon's [<id>] in a body miscounts Content-Length).
        requests: [{ setupRequest: (request) => ({ ...request, body: proxyBody(sent++) }) }],
        connections,
        duration: seconds,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on('response', (_client, _status, _bytes, ms) => {
      latencies.push(ms);
      if (latencies.length == maxRequests) instance.stop();
    });
  });
  const limited = result.statusCodeStats?.['429']?.count || 0;
  return {
    rps: latencies.length / (result.duration || seconds),
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    count: latencies.length,
    limited,
    bad: result.non2xx - limited + result.errors + result.timeouts,
  };
}

/**
 * Medians of runs, with their totals.
 * @template {LoadRun} R
 * @param {R[]} runs
 */
const summarize = (runs) => ({
  rps: median(runs.map((r) => r.rps)),
  p50: median(runs.map((r) => r.p50)),
  p99: median(runs.map((r) => r.p99)),
  count: runs.reduce((sum, r) => sum + r.count, 0),
  limited: runs.reduce((sum, r) => sum + r.limited, 0),
  bad: runs.reduce((sum, r) => sum + r.bad, 0),
  runs,
});

/**
 * Starts the emulator and one server per mode forwarding to it, runs `work`, then stops them all
 * (each is disconnected, and killed if it has not exited within 3 s).
 * @template T
 * @param {string[]} modes - server modes of proxy-server.mjs
 * @param {(servers: Servers, redisUrl?: string) => Promise<T>} work - receives `{ [mode]: { child, url } }`, and the redis-server's URL when a mode uses it
 * @returns {Promise<T>} what `work` returns
 */
async function withServers(modes, work) {
  const emulator = await start('./emulator.mjs');
  const redis = modes.some((mode) => mode.endsWith('-redis')) ? await startRedisServer() : undefined;
  /** @type {Servers} */
  const servers = {};
  try {
    for (const mode of modes) {
      const { child, message } = await start('./proxy-server.mjs', [mode, emulator.message.url, emulator.message.apiKey, redis?.url ?? ''], ['--expose-gc']);
      servers[mode] = { child, url: `http://127.0.0.1:${message.port}` };
    }
    return await work(servers, redis?.url);
  } finally {
    for (const { child } of [...Object.values(servers), emulator]) {
      child.disconnect();
      const timer = setTimeout(() => child.kill(), 3000);
      await once(child, 'exit');
      clearTimeout(timer);
    }
    await redis?.stop();
  }
}

/**
 * The order of the modes in round `round`: each goes first, second... in turn.
 * @template T
 * @param {T[]} modes
 * @param {number} round
 * @returns {T[]}
 */
const rotate = (modes, round) => modes.map((_, i) => modes[(i + round) % modes.length]);

/**
 * @param {RedisClient} client
 * @returns {Promise<RedisCounters>} the CPU seconds redis-server has used and the commands it has run, from INFO
 */
async function redisCounters(client) {
  const info = await client.info();
  const field = (/** @type {string} */ name) => Number(/** @type {RegExpExecArray} */ (new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info))[1]);
  return { cpuMicros: 1e6 * (field('used_cpu_user') + field('used_cpu_sys')), commands: field('total_commands_processed') };
}

/**
 * One run with what it cost: the server's CPU time per request answered and, with the Redis
 * store, redis-server's CPU time and its commands per request (the INFO asked is taken off).
 * @template {object} R
 * @param {Server} server
 * @param {RedisClient | undefined} redis
 * @param {() => Promise<R>} run
 * @returns {Promise<R & Cost>}
 */
async function measured(server, redis, run) {
  const [before, redisBefore] = [await ask(server.child, 'cpu'), redis && (await redisCounters(redis))];
  const result = await run();
  const [after, redisAfter] = [await ask(server.child, 'cpu'), redis && (await redisCounters(redis))];
  const served = after.served - before.served;
  return {
    ...result,
    cpuMicros: (after.cpuMicros - before.cpuMicros) / served,
    ...(redis && {
      redisCpuMicros: (/** @type {RedisCounters} */ (redisAfter).cpuMicros - /** @type {RedisCounters} */ (redisBefore).cpuMicros) / served,
      redisCommands: (/** @type {RedisCounters} */ (redisAfter).commands - /** @type {RedisCounters} */ (redisBefore).commands - 1) / served,
    }),
  };
}

/**
 * The stores side by side: the proxy with its memory store, with the Redis store (node-redis,
 * a redis-server on 127.0.0.1 started for the run), and the bare forwarder, at a fixed offered
 * rate below saturation (evenly spaced, open loop: latency then measures the work, not a queue),
 * then one user's flood at full speed refused with each store; interleaved rounds, the order
 * rotating, medians.
 * @param {{ rounds?: number, seconds?: number, rate?: number, connections?: number, log?: (message: string) => void }} [options] - `rounds`, `seconds` per run, `rate` (requests/s offered), `connections` of the flood, `log`
 * @returns {Promise<Stores>}
 */
export function benchStores({ rounds = 5, seconds = 5, rate = 100, connections = 50, log = () => {} } = {}) {
  const paced = ['proxy', 'proxy-redis', 'bare'];
  const flooded = ['limited', 'limited-redis'];
  let keys = 0;
  return withServers([...paced, ...flooded], async (servers, redisUrl) => {
    const redis = await createClient({ url: redisUrl }).connect();
    try {
      const redisOf = (/** @type {string} */ mode) => (mode.endsWith('-redis') ? redis : undefined);
      const atRate = (/** @type {string} */ mode, /** @type {number} */ runSeconds) =>
        measured(servers[mode], redisOf(mode), () =>
          pacedLoad(servers[mode].url + '/api/featurebase/identify', {
            rate,
            seconds: runSeconds,
            body: (/** @type {number} */ i) => proxyBody(i),
            // A fresh Idempotency-Key per request, as the browser SDK sends.
            headers: () => ({ 'content-type': 'application/json', 'idempotency-key': `bench-paced-${keys++}` }),
          }),
        );
      const flood = (/** @type {string} */ mode, /** @type {number} */ runSeconds) => measured(servers[mode], redisOf(mode), () => load(servers[mode].url, { connections, seconds: runSeconds, idempotencyKey: false }));
      for (const mode of paced) await atRate(mode, 2);
      for (const mode of flooded) await flood(mode, 2);
      log('stores: warmed up');
      /** @type {Record<string, StoreRun[]>} */
      const runs = Object.fromEntries([...paced, ...flooded].map((mode) => [mode, []]));
      // Medians of what each request cost, besides summarize's figures.
      const costs = (/** @type {StoreRun[]} */ list) =>
        /** @type {Record<CostKey, number>} */ (
          Object.fromEntries(
            /** @type {CostKey[]} */ (['cpuMicros', 'redisCpuMicros', 'redisCommands', 'lateMs']).map((key) => [key, median(/** @type {number[]} */ (list.map((r) => r[key]).filter(Number.isFinite)))]),
          )
        );
      for (let round = 0; round < rounds; round++) {
        for (const mode of rotate(paced, round)) runs[mode].push(await atRate(mode, seconds));
        for (const mode of rotate(flooded, round)) runs[mode].push(await flood(mode, seconds));
        log(`stores: round ${round + 1}/${rounds}`);
      }
      return /** @type {Stores} */ ({ rate, seconds, rounds, connections, ...Object.fromEntries(Object.entries(runs).map(([mode, list]) => [mode, { ...summarize(list), ...costs(list) }])) });
    } finally {
      await redis.close();
    }
  });
}

/**
 * Refusal throughput: one signed-in user flooding the proxy with its default limits (a changing
 * contact, no Idempotency-Key), which answers 429 to all but 30 a minute, against the bare
 * forwarder forwarding the same flood; interleaved rounds at full speed, medians.
 * @param {{ rounds?: number, seconds?: number, connections?: number, log?: (message: string) => void }} [options] - `rounds`, `seconds` per run, `connections`, `log`
 */
export function benchRefusal({ rounds = 5, seconds = 5, connections = 50, log = () => {} } = {}) {
  return withServers(['limited', 'bare'], async (/** @type {Servers} */ servers) => {
    const flood = (/** @type {string} */ mode, /** @type {number} */ runSeconds) => load(servers[mode].url, { connections, seconds: runSeconds, idempotencyKey: false });
    for (const mode of ['limited', 'bare']) await flood(mode, 2);
    log('refusal: warmed up');
    /** @type {Record<string, LoadRun[]>} */
    const runs = { limited: [], bare: [] };
    for (let round = 0; round < rounds; round++) {
      for (const mode of round % 2 ? ['bare', 'limited'] : ['limited', 'bare']) runs[mode].push(await flood(mode, seconds));
      log(`refusal: round ${round + 1}/${rounds}`);
    }
    return { connections, seconds, rounds, limited: summarize(runs.limited), bare: summarize(runs.bare) };
  });
}

/**
 * Runs the proxy benchmark: warm-up, then interleaved A/B rounds at full speed over many
 * connections and over one connection, with memory after GC at each checkpoint.
 * @param {{ rounds?: number, seconds?: number, connections?: number, log?: (message: string) => void }} [options] - `rounds`, `seconds` per run, `connections`, `log`
 */
export function benchProxy({ rounds = 3, seconds = 5, connections = 50, log = () => {} } = {}) {
  return withServers(['proxy', 'bare'], async (/** @type {Servers} */ servers) => {
    /** @type {Record<string, Checkpoint[]>} */
    const memory = { proxy: [], bare: [] };
    const checkpoint = async (/** @type {string} */ label) => {
      for (const mode of ['proxy', 'bare']) memory[mode].push({ label, ...(await ask(servers[mode].child, 'memory')) });
    };
    const modes = (/** @type {number} */ round) => (round % 2 ? ['bare', 'proxy'] : ['proxy', 'bare']);

    for (const mode of ['proxy', 'bare']) await load(servers[mode].url, { connections, seconds: 2 });
    await checkpoint('after warm-up');
    log('proxy: warmed up');

    /** @type {Record<string, LoadRun[]>} */
    const full = { proxy: [], bare: [] };
    for (let round = 0; round < rounds; round++) {
      for (const mode of modes(round)) full[mode].push(await load(servers[mode].url, { connections, seconds }));
      await checkpoint(`after full-speed round ${round + 1}`);
      log(`proxy: full-speed round ${round + 1}/${rounds}`);
    }

    // One connection, closed loop: nothing queues, so the latency is the time to serve a request.
    /** @type {Record<string, LoadRun[]>} */
    const single = { proxy: [], bare: [] };
    for (let round = 0; round < rounds; round++) {
      for (const mode of modes(round)) single[mode].push(await load(servers[mode].url, { connections: 1, seconds }));
      await checkpoint(`after 1-connection round ${round + 1}`);
      log(`proxy: 1-connection round ${round + 1}/${rounds}`);
    }

    // CPU time of each server per request served, over the full-speed rounds: less sensitive to a
    // busy machine than requests per second.
    const cpuPerRequest = (/** @type {string} */ mode) => {
      const [first, last] = [memory[mode][0], memory[mode][rounds]];
      return (last.cpuMicros - first.cpuMicros) / (last.served - first.served);
    };
    return {
      connections,
      seconds,
      rounds,
      full: { proxy: summarize(full.proxy), bare: summarize(full.bare) },
      single: { proxy: summarize(single.proxy), bare: summarize(single.bare) },
      memory,
      cpuMicrosPerRequest: { proxy: cpuPerRequest('proxy'), bare: cpuPerRequest('bare') },
    };
  });
}
