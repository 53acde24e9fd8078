// Answers a repeat of a request this process already forwarded (same session, same
// Idempotency-Key, same contact) with the first answer, without forwarding it again. The browser
// SDK sends one key per identify, the same on every retry and after a reload, so a request whose
// answer was lost (a tab closed mid-flight, a reload while Featurebase was slow) reaches
// Featurebase once. Concurrent repeats wait for the first in this process; later ones find its
// answer in the store.
import type { Answer } from './errors.js';
import type { ProxyStore } from './store.js';

const TTL_MS = 10 * 60_000;
/** Bounds of the remembered answers: an answer over 64 KiB is forwarded again rather than kept. */
export const REPLAY_BOUNDS = { maxEntries: 1000, maxBytes: 4 * 2 ** 20, maxEntryBytes: 64 * 2 ** 10 };

/** Keys may be any printable ASCII up to 128 characters; anything else is ignored. */
const VALID_KEY = /^[\x21-\x7e]{1,128}$/;

/** An answer, and whether it is a replay of an earlier request's (by this cache or the dedupe). */
export type Replayed = Answer & { replayed?: boolean };

/**
 * @param store - where answers are remembered
 * @returns a function that runs `forward` once per key and replays its answer to repeats:
 * concurrent repeats share the first's answer; a later repeat gets it only if it was a 2xx, so
 * that a retry after a failure is forwarded again
 */
export function createReplayCache(store: ProxyStore) {
  const cache = store.cache('replay', REPLAY_BOUNDS);
  const inFlight = new Map<string, { contact: string; answer: Promise<Replayed> }>();

  // The answers are shared between repeats: callers copy before they change one.
  return function once(key: string | null, scope: string, contact: string, forward: () => Promise<Replayed>): Promise<Replayed> {
    if (!key || !VALID_KEY.test(key)) return forward();
    const id = scope + '\n' + key;
    const running = inFlight.get(id);
    if (running && running.contact === contact) return running.answer.then((answer) => ({ ...answer, replayed: true }));
    // Registered before the first await, so that a concurrent repeat finds it.
    const entry = { contact, answer: replayOrForward(id, contact, forward) };
    inFlight.set(id, entry);
    const clear = () => void (inFlight.get(id) === entry && inFlight.delete(id));
    entry.answer.then(clear, clear);
    return entry.answer;
  };

  async function replayOrForward(id: string, contact: string, forward: () => Promise<Replayed>): Promise<Replayed> {
    const stored = await cache.get(id);
    if (stored) {
      const { contact: sent, ...answer } = JSON.parse(stored) as Answer & { contact: string };
      if (sent === contact) return { ...answer, replayed: true };
    }
    const done = await forward();
    // An answer replayed from elsewhere (the dedupe) is found there again: it takes no room here.
    if (done.status < 300 && !done.replayed) await cache.set(id, JSON.stringify({ contact, ...done }), TTL_MS);
    return done;
  }
}
