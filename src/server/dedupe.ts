// Server-side dedupe: the contact a user last sent successfully, and Featurebase's answer to it.
// The same contact again within the window is answered from here, so reloads on many devices
// (each browser dedupes only its own calls) do not spend the key's quota.
import { jsonAnswer, type Answer } from './errors.js';
import { REPLAY_BOUNDS } from './idempotency.js';
import type { ProxyStore } from './store.js';

/**
 * @param store - where the last contacts are remembered
 * @param windowMs - the `dedupeMs` option; 0 turns dedupe off
 * @returns `find` before a forward and `record` after it
 */
export function createDedupe(store: ProxyStore, windowMs: number) {
  // One entry per active user: more of them than replays, of the same size.
  const cache = windowMs ? store.cache('dedupe', { ...REPLAY_BOUNDS, maxEntries: 10_000, maxBytes: 16 * 2 ** 20 }) : undefined;
  return {
    /**
     * @param scope - whose contact
     * @param contact - the contact about to be forwarded, as JSON
     * @returns the answer to its last successful forward (as a 200) when it is the same contact
     */
    async find(scope: string, contact: string): Promise<Answer | undefined> {
      const stored = cache && (await cache.get(scope));
      if (!stored) return;
      const last = JSON.parse(stored) as { contact: string; body: string };
      if (last.contact === contact) return jsonAnswer(200, last.body);
    },
    /**
     * Remembers a success; forgets after a failure (a timed-out forward may still have reached
     * Featurebase, so the contact there is no longer known).
     * @param scope - whose contact
     * @param contact - the contact forwarded, as JSON
     * @param answer - the answer it got
     */
    async record(scope: string, contact: string, answer: Answer): Promise<void> {
      if (!cache) return;
      if (answer.status < 300 && answer.body != null) await cache.set(scope, JSON.stringify({ contact, body: answer.body }), windowMs);
      else await cache.delete(scope);
    },
  };
}
