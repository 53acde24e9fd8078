// Answers a repeat of a request this process already forwarded (same session, same
// Idempotency-Key, same contact) with the first answer, without forwarding it again. The browser
// SDK sends one key per identify, the same on every retry and after a reload, so a request whose
// answer was lost (a tab closed mid-flight, a reload while Featurebase was slow) reaches
// Featurebase once. Only this process remembers: several instances may each forward once.
import type { Answer } from './errors.js';

const TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 1000;

/** Keys may be any printable ASCII up to 128 characters; anything else is ignored. */
const VALID_KEY = /^[\x21-\x7e]{1,128}$/;

/**
 * @returns a function that runs `forward` once per key and replays its answer to repeats:
 * concurrent repeats share the first's answer; a later repeat gets it only if it was a 2xx, so
 * that a retry after a failure is forwarded again
 */
export function createReplayCache() {
  const entries = new Map<string, { at: number; answer: Promise<Answer> }>();

  // The answers are shared between repeats: callers copy before they change one.
  return function once(key: string | null, scope: string, forward: () => Promise<Answer>): Promise<Answer> {
    if (!key || !VALID_KEY.test(key)) return forward();
    const now = Date.now();
    for (const [name, entry] of entries) {
      if (now - entry.at < TTL_MS && entries.size <= MAX_ENTRIES) break;
      entries.delete(name);
    }
    const id = scope + '\n' + key;
    let entry = entries.get(id);
    if (!entry) {
      const answer = forward();
      entry = { at: now, answer };
      entries.set(id, entry);
      answer.then(
        (done) => done.status > 299 && entries.get(id) === entry && entries.delete(id),
        () => entries.get(id) === entry && entries.delete(id),
      );
    }
    return entry.answer;
  };
}
