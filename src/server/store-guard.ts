// A shared store that may fail: every call gets a deadline, whatever the client's own queueing
// and retries, and while the store does not answer the handler goes on by the app's policy: with
// this process's memory ('open'), or answering 503 ('closed'). One warning when an outage
// starts, one line when it ends; Redis is not asked again until a ping answers.
import { Refusal } from './errors.js';
import { memoryStore, type Cache, type Limiter, type ProxyStore } from './store.js';

/** What the handler does while the shared store does not answer: see `RedisStoreOptions.onError`. */
export type StoreFailurePolicy = 'open' | 'closed';

/** How a store is guarded. */
export interface GuardOptions {
  /** The deadline of every call, in milliseconds. */
  timeoutMs: number;
  /** The policy while it does not answer. */
  onError: StoreFailurePolicy;
  /** Asks the store whether it answers again (Redis's PING). */
  ping: () => Promise<unknown>;
  /** The store's name in log lines. */
  name: string;
}

/** While the store is down, how often a ping asks whether it is back. */
const PROBE_MS = 1000;
/** The `Retry-After` of a 503 while the store is down (fail closed): a failover or a restart. */
export const RETRY_AFTER_S = 5;

/**
 * Wraps a shared store with deadlines and a failure policy.
 * @param shared - the store every instance shares
 * @param options - see {@link GuardOptions}
 * @returns a store that answers within `timeoutMs` per call, or from memory, or refuses with 503
 */
export function guardStore(shared: ProxyStore, { timeoutMs, onError, ping, name }: GuardOptions): ProxyStore {
  const local = memoryStore();
  /** Set while the store is down: when to ping it next, and whether a ping is out. */
  let down: { pingAt: number; pinging: boolean } | undefined;
  /** Counts the outages and recoveries, so that a call started before one does not report it again. */
  let epoch = 0;

  function withDeadline<T>(call: () => Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    // A client that throws at once (closed) rejects like one that answers with an error.
    return Promise.race([new Promise<T>((resolve) => resolve(call())), expired]).finally(() => clearTimeout(timer));
  }

  function failed(error: unknown, startedIn: number): void {
    if (down || startedIn != epoch) return;
    epoch++;
    down = { pingAt: Date.now() + PROBE_MS, pinging: false };
    const reason = error instanceof Error ? error.message : String(error);
    const meanwhile = onError == 'open' ? "limits, dedupe and replays are this process's own" : 'requests get 503';
    console.warn(`[featurebase] The ${name} store did not answer (${reason}): ${meanwhile} until it does again.`);
  }

  function pingIfDue(): void {
    if (!down || down.pinging || Date.now() < down.pingAt) return;
    const outage = down;
    outage.pinging = true;
    withDeadline(ping).then(
      () => {
        if (down !== outage) return;
        down = undefined;
        epoch++;
        console.warn(`[featurebase] The ${name} store answers again: limits, dedupe and replays are shared again.`);
      },
      () => {
        outage.pinging = false;
        outage.pingAt = Date.now() + PROBE_MS;
      },
    );
  }

  /**
   * Runs a call on the shared store, or by the policy when it is down or does not answer in time.
   * @param call - the shared store's call
   * @param fallback - the same call on this process's memory ('open')
   * @param closed - what 'closed' does instead: refuse (a check), or nothing (a write)
   */
  async function run<T>(call: () => Promise<T>, fallback: () => Promise<T>, closed: () => T): Promise<T> {
    if (!down) {
      const startedIn = epoch;
      try {
        return await withDeadline(call);
      } catch (error) {
        failed(error, startedIn);
      }
    } else pingIfDue();
    return onError == 'open' ? fallback() : closed();
  }

  const refuse = (): never => {
    throw new Refusal(503, 'store_unavailable', `The identify endpoint cannot reach its shared store: retry in ${RETRY_AFTER_S} s`, undefined, {
      'retry-after': String(RETRY_AFTER_S),
    });
  };
  const skip = () => {};

  return {
    limiter(limiterName, points, windowMs): Limiter {
      const [remote, own] = [shared.limiter(limiterName, points, windowMs), local.limiter(limiterName, points, windowMs)];
      return {
        hit: (key) => run(() => remote.hit(key), () => own.hit(key), refuse),
        refund: (key) => run(() => remote.refund(key), () => own.refund(key), skip),
        peek: (key) => run(() => remote.peek(key), () => own.peek(key), refuse),
        pause: (key, ms) => run(() => remote.pause(key, ms), () => own.pause(key, ms), skip),
      };
    },
    cache(cacheName, bounds): Cache {
      const [remote, own] = [shared.cache(cacheName, bounds), local.cache(cacheName, bounds)];
      return {
        get: (key) => run(() => remote.get(key), () => own.get(key), refuse),
        set: (key, value, ttlMs) => run(() => remote.set(key, value, ttlMs), () => own.set(key, value, ttlMs), skip),
        delete: (key) => run(() => remote.delete(key), () => own.delete(key), skip),
        claim: (key, value, ttlMs) => run(() => remote.claim(key, value, ttlMs), () => own.claim(key, value, ttlMs), refuse),
      };
    },
  };
}
