import type { FeaturebaseError } from './errors.js';
import type { IdentifyResult } from './transport.js';

/** Where the delivery of the latest identify stands. */
export interface DeliveryState {
  /** `sending` a request, waiting to `retry`, waiting to be back `online`, or `idle`. */
  state: 'idle' | 'sending' | 'retrying' | 'offline';
  /** For `retrying`: when the next attempt starts (ms since the epoch). */
  retryAt?: number;
  /** The number of the attempt being made or waited for (1 is the first). */
  attempt?: number;
  /** True when this delivery was left pending by a previous page and resumed here. */
  restored?: boolean;
}

/** What `on(event, fn)` can listen to, and what `fn` receives. */
export interface FeaturebaseEvents {
  /** Every identify that settled without an error: created, updated, unchanged or superseded. */
  identify: IdentifyResult;
  /** Every identify that failed for good. */
  error: FeaturebaseError;
  /** `reset()` ran here or in another tab of this origin. */
  reset: undefined;
  /** The delivery state changed. */
  state: DeliveryState;
}

type Listener<E extends keyof FeaturebaseEvents> = (data: FeaturebaseEvents[E]) => void;
const listeners: { [E in keyof FeaturebaseEvents]?: Set<Listener<E>> } = {};

/**
 * Listens to the SDK's events.
 * @param event - `identify`, `error`, `reset` or `state`
 * @param fn - called with the event's data; an exception in it is reported, not rethrown
 * @returns a function that stops listening
 * @example
 * const off = on('error', (error) => report(error.code));
 */
export function on<E extends keyof FeaturebaseEvents>(event: E, fn: Listener<E>): () => void {
  const set = ((listeners as any)[event] ||= new Set()) as Set<Listener<E>>;
  set.add(fn);
  return () => set.delete(fn);
}

/** @internal Sends `data` to the event's listeners; `reset` carries none. */
export function emit(event: 'reset'): void;
export function emit<E extends Exclude<keyof FeaturebaseEvents, 'reset'>>(event: E, data: FeaturebaseEvents[E]): void;
export function emit(event: keyof FeaturebaseEvents, data?: unknown): void {
  (listeners[event] as Set<(data: unknown) => void> | undefined)?.forEach((fn) => {
    try {
      fn(data);
    } catch (error) {
      console.error(error);
    }
  });
}
