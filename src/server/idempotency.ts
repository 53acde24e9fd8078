// Answers a repeat of a request already forwarded (same session, same Idempotency-Key, same
// contact) with the first answer, without forwarding it again. The browser SDK sends one key per
// identify, the same on every retry and after a reload, so a request whose answer was lost (a tab
// closed mid-flight, a reload while Featurebase was slow) reaches Featurebase once. Concurrent
// repeats in this process share the first's answer; the one that forwards claims the key in the
// store first, so that a repeat on another instance (a retry the load balancer sent elsewhere)
// waits for that answer instead of forwarding again. Later repeats find the answer in the store.
import type { Answer } from './errors.js';
import type { ProxyStore } from './store.js';

const TTL_MS = 10 * 60_000;
/** Bounds of the remembered answers: an answer over 64 KiB is forwarded again rather than kept. */
export const REPLAY_BOUNDS = { maxEntries: 1000, maxBytes: 4 * 2 ** 20, maxEntryBytes: 64 * 2 ** 10 };

/** Keys may be any printable ASCII up to 128 characters; anything else is ignored. */
const VALID_KEY = /^[\x21-\x7e]{1,128}$/;

/** An answer, and whether it is a replay of an earlier request's (by this cache or the dedupe). */
export type Replayed = Answer & { replayed?: boolean };

/** What the store keeps under a key once it has been answered. */
interface Entry {
  contact: string;
  answer: Answer;
}

/** @returns the entry, or undefined when nothing (readable) is kept */
function read(stored: string | undefined): Entry | undefined {
  try {
    return stored ? (JSON.parse(stored) as Entry) : undefined;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param store - where answers are remembered
 * @param leaseMs - how long a forward may hold its key (the forward's timeout and some): a repeat
 * on another instance waits at most this long for its answer
 * @returns a function that runs `forward` once per key and replays its answer to repeats:
 * concurrent repeats share the first's answer (in this process), or wait for it in the store
 * (another instance forwards); a later repeat gets it only if it was a 2xx, so that a retry after
 * a failure is forwarded again
 */
export function createReplayCache(store: ProxyStore, leaseMs: number) {
  const answers = store.cache('replay', REPLAY_BOUNDS);
  // Apart from the answers, so that claiming never evicts one.
  const claims = store.cache('claim', REPLAY_BOUNDS);
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
    const until = Date.now() + leaseMs;
    for (let pause = 10; ; pause = Math.min(2 * pause, 500)) {
      // Claimed before the answer is read: a forward keeps its answer before it lets go of the key.
      const claimed = await claims.claim(id, contact, leaseMs);
      const kept = read(await answers.get(id));
      if (kept?.contact === contact) {
        if (claimed) await claims.delete(id);
        return { ...kept.answer, replayed: true };
      }
      // Ours to forward; or another contact kept under this key; or a forward that outlived its lease.
      if (claimed || kept || Date.now() >= until) return forwardAndKeep(id, contact, forward, claimed);
      const holder = await claims.get(id);
      if (holder !== undefined && holder !== contact) return forwardAndKeep(id, contact, forward, false);
      // Another instance forwards this very request: its answer is kept as soon as it has one.
      await sleep(pause);
    }
  }

  async function forwardAndKeep(id: string, contact: string, forward: () => Promise<Replayed>, claimed: boolean): Promise<Replayed> {
    let done: Replayed | undefined;
    try {
      done = await forward();
      return done;
    } finally {
      // An answer replayed from elsewhere (the dedupe) is found there again: it takes no room here.
      if (done && done.status < 300 && !done.replayed) await answers.set(id, JSON.stringify({ contact, answer: done }), TTL_MS);
      if (claimed) await claims.delete(id);
    }
  }
}
