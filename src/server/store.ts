// Where the proxy keeps what outlives one request: rate-limit counters and remembered answers.
// One small interface, so that an implementation shared by several instances (Redis) can stand
// in for the in-process one. rate-limiter-flexible and lru-cache do the work: their memory
// variants here, and rate-limiter-flexible's Redis limiters keep the same semantics.
import { LRUCache } from 'lru-cache';
// The memory limiter alone: the package's index also loads its cluster and database limiters,
// which need Node built-ins, and this entry runs on edge runtimes too.
import RateLimiterMemory from 'rate-limiter-flexible/lib/RateLimiterMemory.js';

/** A key's window after a hit, as a limiter reports it. */
export interface WindowState {
  /** False when the hit was over the limit (or the key is paused). */
  allowed: boolean;
  /** Hits left in the window. */
  remaining: number;
  /** Milliseconds until the window resets (or the pause ends). */
  resetMs: number;
}

/** Fixed-window counters for one kind of key (per user, per API key). */
export interface Limiter {
  /** Counts one hit against `key`. */
  hit(key: string): Promise<WindowState>;
  /** Gives back a hit that led to nothing (another limit refused the forward). */
  refund(key: string): Promise<void>;
  /** The window of `key` without counting a hit. */
  peek(key: string): Promise<WindowState>;
  /** Refuses every hit of `key` for `ms` milliseconds. */
  pause(key: string, ms: number): Promise<void>;
}

/** Bounds of a cache; a shared store may keep its own (Redis's `maxmemory`). */
export interface CacheBounds {
  /** Most entries. */
  maxEntries: number;
  /** Most bytes, keys and values together (UTF-16: two bytes a character). */
  maxBytes: number;
  /** An entry larger than this is not kept. */
  maxEntryBytes: number;
}

/** Strings remembered for a while. */
export interface Cache {
  /** The value kept under `key`, unless it expired or was evicted. */
  get(key: string): Promise<string | undefined>;
  /** Keeps `value` for `ttlMs` milliseconds, unless it is over the bounds. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Forgets `key`. */
  delete(key: string): Promise<void>;
  /**
   * Keeps `value` for `ttlMs` milliseconds only if nothing is kept under `key` (Redis's
   * `SET NX PX`): of several instances claiming one key at once, exactly one gets true.
   * @returns true when the key was free (a value over the bounds is then not kept)
   */
  claim(key: string, value: string, ttlMs: number): Promise<boolean>;
}

/**
 * The store behind the handler's limits, dedupe and replay cache: in this process's memory by
 * default, or shared by every instance of the app with {@link redisStore}.
 */
export interface ProxyStore {
  /**
   * @param name - what the limiter counts, a prefix for its keys
   * @param points - hits allowed per window
   * @param windowMs - the window length
   */
  limiter(name: string, points: number, windowMs: number): Limiter;
  /**
   * @param name - what the cache holds, a prefix for its keys
   * @param bounds - how much it may hold
   */
  cache(name: string, bounds: CacheBounds): Cache;
}

/** What rate-limiter-flexible resolves (or rejects) with. */
interface LimiterResult {
  remainingPoints: number;
  msBeforeNext: number;
  consumedPoints: number;
}

/** The methods of rate-limiter-flexible's limiters that a {@link Limiter} uses: the memory and the Redis one alike. */
export interface FlexibleLimiter {
  consume(key: string): Promise<LimiterResult>;
  reward(key: string): Promise<unknown>;
  get(key: string): Promise<LimiterResult | null>;
  block(key: string, seconds: number): Promise<unknown>;
}

/**
 * A {@link Limiter} on one of rate-limiter-flexible's limiters.
 * @param limiter - its limiter, created with `points` per `windowMs`
 * @param points - hits allowed per window
 * @param windowMs - the window length
 * @returns the limiter
 */
export function flexibleLimiter(limiter: FlexibleLimiter, points: number, windowMs: number): Limiter {
  const state = (result: LimiterResult | null, allowed: boolean): WindowState => ({
    allowed,
    remaining: result ? Math.max(0, points - result.consumedPoints) : points,
    resetMs: result ? Math.max(0, result.msBeforeNext) : windowMs,
  });
  return {
    hit: (key) =>
      limiter.consume(key).then(
        (result) => state(result, true),
        // Over the limit it rejects with its result; anything else is the store's failure.
        (result: LimiterResult | Error) => {
          if (result instanceof Error) throw result;
          return state(result, false);
        },
      ),
    refund: (key) => limiter.reward(key).then(() => {}),
    peek: (key) => limiter.get(key).then((result) => state(result, !result || result.consumedPoints <= points)),
    // Whole seconds, at least one: the Redis limiter keeps a block of 0 s forever.
    pause: (key, ms) => limiter.block(key, Math.max(1, Math.ceil(ms / 1000))).then(() => {}),
  };
}

/**
 * The store in this process's memory: the default. Several instances of the app each keep their own.
 * @returns a store whose limiters are `RateLimiterMemory` and whose caches are `LRUCache`s
 */
export function memoryStore(): ProxyStore {
  return {
    limiter: (name, points, windowMs) => flexibleLimiter(new RateLimiterMemory({ keyPrefix: name, points, duration: windowMs / 1000 }), points, windowMs),
    cache(_name, { maxEntries, maxBytes, maxEntryBytes }) {
      const cache = new LRUCache<string, string>({
        max: maxEntries,
        maxSize: maxBytes,
        maxEntrySize: maxEntryBytes,
        sizeCalculation: entrySize,
        // Date.now, read at each call: tests move the clock with fake timers.
        perf: { now: () => Date.now() },
        ttlResolution: 0,
      });
      return {
        get: async (key) => cache.get(key),
        set: async (key, value, ttlMs) => void cache.set(key, value, { ttl: ttlMs }),
        delete: async (key) => void cache.delete(key),
        claim: async (key, value, ttlMs) => !cache.has(key) && (cache.set(key, value, { ttl: ttlMs }), true),
      };
    },
  };
}

/**
 * What an entry counts against a cache's byte bounds, in every store alike.
 * @param value - the value kept
 * @param key - its key
 * @returns its size, two bytes a character (UTF-16)
 */
export const entrySize = (value: string, key: string) => 2 * (value.length + key.length);
