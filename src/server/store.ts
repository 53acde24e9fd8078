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
}

/** The store behind the handler's limits, dedupe and replay cache. */
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

/**
 * The store in this process's memory: the default. Several instances of the app each keep their own.
 * @returns a store whose limiters are `RateLimiterMemory` and whose caches are `LRUCache`s
 */
export function memoryStore(): ProxyStore {
  return {
    limiter(name, points, windowMs) {
      const limiter = new RateLimiterMemory({ keyPrefix: name, points, duration: windowMs / 1000 });
      const state = (result: LimiterResult | null, allowed: boolean): WindowState => ({
        allowed,
        remaining: result ? Math.max(0, points - result.consumedPoints) : points,
        resetMs: result ? Math.max(0, result.msBeforeNext) : windowMs,
      });
      return {
        hit: (key) =>
          limiter.consume(key).then(
            (result) => state(result, true),
            (result: LimiterResult) => state(result, false),
          ),
        refund: (key) => limiter.reward(key).then(() => {}),
        peek: (key) => limiter.get(key).then((result) => state(result, !result || result.consumedPoints <= points)),
        pause: (key, ms) => limiter.block(key, ms / 1000).then(() => {}),
      };
    },
    cache(_name, { maxEntries, maxBytes, maxEntryBytes }) {
      const cache = new LRUCache<string, string>({
        max: maxEntries,
        maxSize: maxBytes,
        maxEntrySize: maxEntryBytes,
        sizeCalculation: (value, key) => 2 * (value.length + key.length),
        // Date.now, read at each call: tests move the clock with fake timers.
        perf: { now: () => Date.now() },
        ttlResolution: 0,
      });
      return {
        get: async (key) => cache.get(key),
        set: async (key, value, ttlMs) => void cache.set(key, value, { ttl: ttlMs }),
        delete: async (key) => void cache.delete(key),
      };
    },
  };
}
