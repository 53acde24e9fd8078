import type { FeaturebaseError } from './errors.js';

/**
 * How long the endpoint asked us to wait: `Retry-After` in seconds or as an HTTP date, else for
 * a 429 `X-RateLimit-Reset` (epoch seconds, or seconds from now).
 * @param headers - the response's headers
 * @param status - the response's status
 * @param now - the current time in ms
 * @returns milliseconds, or undefined when the response says nothing usable
 */
export function retryAfterMs(headers: Headers, status: number, now = Date.now()): number | undefined {
  const value = headers.get('retry-after') || (status == 429 && headers.get('x-ratelimit-reset'));
  if (!value) return;
  const seconds = +value;
  // A number past 1e9 can only be an epoch time (2001 on); smaller ones count from now.
  const ms = seconds === seconds ? seconds * 1e3 - (seconds > 1e9 ? now : 0) : Date.parse(value) - now;
  return ms === ms ? Math.max(0, ms) : undefined;
}

/**
 * The wait before retry number `attempt` (1-based), or undefined when the error is final:
 * network errors, timeouts, 408, 429 and 5xx are retried; every other error is not.
 * Without a server hint: exponential backoff from 0.5 s, capped at 30 s, with jitter (50-100 %).
 * @param error - what the last attempt failed with
 * @param attempt - how many attempts have failed
 * @param random - a number in [0, 1)
 */
export function retryDelay(error: FeaturebaseError, attempt: number, random = Math.random()): number | undefined {
  const { code, status = 0 } = error;
  if (code == 'network' || code == 'timeout' || status == 408 || status == 429 || status > 499) {
    return error.retryAfter ?? Math.min(3e4, 250 * 2 ** attempt) * (0.5 + random / 2);
  }
}
