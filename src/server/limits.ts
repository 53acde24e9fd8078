// Rate limits on forwards: per signed-in user, and for the whole API key (ours, plus a pause
// whenever Featurebase says its own limit is reached). The browser only ever sees its user's.
import { Refusal } from './errors.js';
import type { ResolvedOptions } from './options.js';
import type { ProxyStore, WindowState } from './store.js';

const MINUTE = 60_000;
const KEY = 'key';

/** Whole seconds to wait, at least one: `Retry-After`. */
const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * The 429 for a key whose budget (ours or Featurebase's) is spent.
 * @param ms - how long until it resets
 * @param headers - the user's own rate-limit headers
 * @returns the refusal, with `Retry-After`
 */
export const keyRateLimited = (ms: number, headers: Record<string, string> = {}) =>
  new Refusal(429, 'key_rate_limited', `Featurebase's rate limit for this app is reached: retry in ${seconds(ms)} s`, undefined, { ...headers, 'retry-after': String(seconds(ms)) });

/**
 * Creates the limits of one handler.
 * @param limits - the resolved `limits` option
 * @param store - where the counters live
 * @returns `admit` before a forward, `headers` for an answer given without one, `pause` for Featurebase's own limit
 */
export function createLimits({ perUserPerMinute, keyPerMinute }: ResolvedOptions<unknown>['limits'], store: ProxyStore) {
  const perUser = perUserPerMinute ? store.limiter('user', perUserPerMinute, MINUTE) : undefined;
  // Always there: Featurebase's own 429 pauses it even when our key budget is off.
  const perKey = store.limiter('key', keyPerMinute || Number.MAX_SAFE_INTEGER, MINUTE);

  /** The user's window as `X-RateLimit-*` (the reset in Unix seconds, as Featurebase sends it). */
  const headersOf = ({ remaining, resetMs }: Pick<WindowState, 'remaining' | 'resetMs'>): Record<string, string> =>
    perUser
      ? { 'x-ratelimit-limit': String(perUserPerMinute), 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(Math.ceil((Date.now() + resetMs) / 1000)) }
      : {};

  return {
    /**
     * Counts one forward for `user`, and for the key.
     * @param user - who forwards (their rate-limit key)
     * @returns the user's rate-limit headers for the answer
     * @throws Refusal 429 `rate_limited` (the user's limit) or `key_rate_limited` (the key's), with `Retry-After`
     */
    async admit(user: string): Promise<Record<string, string>> {
      const own = perUser ? await perUser.hit(user) : { allowed: true, remaining: 0, resetMs: 0 };
      if (!own.allowed) {
        const wait = seconds(own.resetMs);
        const message = `Too many identify requests from this user: at most ${perUserPerMinute} a minute; retry in ${wait} s`;
        throw new Refusal(429, 'rate_limited', message, undefined, { ...headersOf(own), 'retry-after': String(wait) });
      }
      const shared = await perKey.hit(KEY);
      if (shared.allowed) return headersOf(own);
      // Nothing was forwarded: the user keeps the forward.
      if (perUser) await perUser.refund(user);
      throw keyRateLimited(shared.resetMs, headersOf({ ...own, remaining: own.remaining + 1 }));
    },
    /**
     * @param user - whose headers
     * @returns the user's rate-limit headers, without counting anything
     */
    headers: async (user: string) => (perUser ? headersOf(await perUser.peek(user)) : {}),
    /**
     * Stops every forward until Featurebase's limit resets.
     * @param ms - how long
     */
    pause: (ms: number) => perKey.pause(KEY, ms),
  };
}
