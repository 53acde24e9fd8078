/** What one request did to its key's window. */
export interface RateLimitTake {
  /** False once the key has used up the window. */
  allowed: boolean;
  /** Seconds until the window resets. */
  retryAfter: number;
  /** `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (Unix seconds). */
  headers: Record<string, string>;
}

/**
 * Featurebase's per-key rate limit: fixed one-minute windows, counted per key.
 * @param limit - requests per key per window
 * @param windowMs - the window length
 * @returns the limiter
 */
export function createRateLimiter(limit: number, windowMs = 60_000) {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    /**
     * Counts one request against a key.
     * @param key - the bearer token presented ('' for none)
     * @returns whether it is allowed, and the headers to send
     */
    take(key: string): RateLimitTake {
      const now = Date.now();
      const start = now - (now % windowMs);
      let window = windows.get(key);
      if (!window || window.start != start) windows.set(key, (window = { start, count: 0 }));
      window.count++;
      const reset = start + windowMs;
      return {
        allowed: window.count <= limit,
        retryAfter: Math.ceil((reset - now) / 1000),
        headers: {
          'x-ratelimit-limit': String(limit),
          'x-ratelimit-remaining': String(Math.max(0, limit - window.count)),
          'x-ratelimit-reset': String(Math.ceil(reset / 1000)),
        },
      };
    },
    /** Forgets every window. */
    clear: () => windows.clear(),
  };
}
