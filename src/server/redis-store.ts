// The store shared by every instance of the app, in Redis: the limits are rate-limiter-flexible's
// RateLimiterRedis (an atomic INCR and PEXPIRE in one Lua script, for node-redis and ioredis
// alike), the caches plain GET, SET PX, SET NX PX and DEL. Neither client is a dependency: the app
// passes the one it has, and it is told apart by its methods.
import RateLimiterRedis from 'rate-limiter-flexible/lib/RateLimiterRedis.js';
import { guardStore, type StoreFailurePolicy } from './store-guard.js';
import { entrySize, flexibleLimiter, type ProxyStore } from './store.js';

/** A client of the `redis` package (node-redis v4 or later), connected: `await createClient({ url }).connect()`. */
export interface NodeRedisClient {
  /** Sends one command, e.g. `['GET', key]`. */
  sendCommand(args: string[]): Promise<unknown>;
  /** True while it is connected. */
  readonly isReady: boolean;
}

/** A client of the `ioredis` package: `new Redis(url)`. */
export interface IoRedisClient {
  /** Sends one command, e.g. `call('GET', [key])`. */
  call(command: string, args: string[]): Promise<unknown>;
  /** Defines a Lua command (rate-limiter-flexible defines its own). */
  defineCommand(name: string, definition: { numberOfKeys?: number; lua: string }): void;
}

/** Options of {@link redisStore}. */
export interface RedisStoreOptions {
  /**
   * Put before every key the store writes, so that one Redis serves several apps (give each its own).
   * @default 'featurebase-identify:'
   */
  prefix?: string;
  /**
   * How long one Redis call may take, in milliseconds, whatever the client's own queueing and
   * retries; past it Redis counts as down (see `onError`).
   * @default 500
   */
  timeoutMs?: number;
  /**
   * While Redis does not answer (down, or slower than `timeoutMs`): `'open'` goes on with this
   * process's memory, so limits, dedupe and replays are per instance until Redis answers again;
   * `'closed'` answers 503 `store_unavailable` with `Retry-After` and forwards nothing. Either way
   * one warning is logged when it starts and one line when Redis answers again (checked once a
   * second, by a PING).
   * @default 'open'
   */
  onError?: StoreFailurePolicy;
}

/**
 * Reads a store option.
 * @param ok - whether the value is acceptable
 * @param message - what to say otherwise
 * @throws TypeError with the message
 */
function check(ok: boolean, message: string): void {
  if (!ok) throw new TypeError(`redisStore: ${message}`);
}

/**
 * The store shared by every instance of your app, in Redis: per-user and per-key limits (atomic,
 * so all instances together forward at most the limit), Featurebase's own rate-limit pause, the
 * dedupe and the replay cache. Pass it as the handler's `store`. User identifiers never reach
 * Redis: the handler hashes keys and encrypts values with a key derived from your `apiKey`.
 *
 * Node only (node-redis or ioredis over TCP); on edge runtimes, leave `store` out.
 * @param client - a connected node-redis (v4+) or ioredis client; the app keeps it, and closes it
 * @param options - see {@link RedisStoreOptions}
 * @returns the store
 * @throws TypeError when `client` is neither, or an option is out of range
 * @example
 * import { createClient } from 'redis';
 * const redis = await createClient({ url: process.env.REDIS_URL }).on('error', () => {}).connect();
 * export const POST = createIdentifyHandler({ apiKey, resolveUser, store: redisStore(redis) });
 */
export function redisStore(client: NodeRedisClient | IoRedisClient, options: RedisStoreOptions = {}): ProxyStore {
  const { prefix = 'featurebase-identify:', timeoutMs = 500, onError = 'open' } = options;
  const ioredis = !!client && typeof (client as IoRedisClient).defineCommand == 'function' && typeof (client as IoRedisClient).call == 'function';
  const nodeRedis = !!client && typeof (client as NodeRedisClient).sendCommand == 'function' && 'isReady' in client;
  check(ioredis || nodeRedis, 'client must be a client of the redis package (v4 or later) or of ioredis');
  check(typeof prefix == 'string', 'prefix must be a string');
  check(Number.isSafeInteger(timeoutMs) && timeoutMs > 0, 'timeoutMs must be a positive integer');
  check(onError == 'open' || onError == 'closed', "onError must be 'open' or 'closed'");

  const send = ioredis
    ? ([command, ...args]: string[]) => (client as IoRedisClient).call(command, args)
    : (args: string[]) => (client as NodeRedisClient).sendCommand(args);
  const ms = (ttlMs: number) => String(Math.max(1, Math.ceil(ttlMs)));

  const shared: ProxyStore = {
    limiter(name, points, windowMs) {
      const limiter = new RateLimiterRedis({
        storeClient: client,
        useRedisPackage: nodeRedis && !ioredis,
        keyPrefix: prefix + name,
        points,
        duration: windowMs / 1000,
        // Past the limit, this instance refuses the key until its window ends without asking Redis.
        inMemoryBlockOnConsumed: points + 1,
      });
      return flexibleLimiter(limiter, points, windowMs);
    },
    cache(name, { maxEntryBytes }) {
      // Redis keeps entries until their TTL (or its own maxmemory policy); the entry bound holds here.
      const key = (id: string) => `${prefix}${name}:${id}`;
      const fits = (id: string, value: string) => entrySize(value, key(id)) <= maxEntryBytes;
      return {
        get: async (id) => ((await send(['GET', key(id)])) as string | null) ?? undefined,
        set: async (id, value, ttlMs) => void (await send(fits(id, value) ? ['SET', key(id), value, 'PX', ms(ttlMs)] : ['DEL', key(id)])),
        delete: async (id) => void (await send(['DEL', key(id)])),
        claim: async (id, value, ttlMs) =>
          fits(id, value) ? (await send(['SET', key(id), value, 'PX', ms(ttlMs), 'NX'])) != null : Number(await send(['EXISTS', key(id)])) == 0,
      };
    },
  };
  return guardStore(shared, { timeoutMs, onError, ping: () => send(['PING']), name: 'Redis' });
}
