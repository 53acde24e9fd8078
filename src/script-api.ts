import { getIdentity, identify, init } from './client.js';
import { debug } from './debug-loader.js';
import { reset } from './delivery.js';
import { on } from './events.js';

/** This SDK's commands on the script-tag global: `Featurebase('name', ...)` or `Featurebase.name(...)`. */
export const commands = { identify, init, reset, getIdentity, on, debug };

/**
 * The script-tag API: `Featurebase.identify(contact, cb)` or `Featurebase('identify', contact, cb)`,
 * shared with Featurebase's own widget SDK: a call this SDK does not own goes to Featurebase's runtime,
 * or waits in `q` for it (README, "Next to Featurebase's widgets").
 */
export interface FeaturebaseGlobal {
  (command: string, ...args: unknown[]): unknown;
  identify: typeof identify;
  init: typeof init;
  reset: typeof reset;
  /** Before the script has loaded (the stub's method): `undefined`, as the identity is not known yet. */
  getIdentity: typeof getIdentity;
  on: typeof on;
  debug: typeof debug;
  /** Featurebase's queue: the calls for their runtime, waiting until it loads and reads them. */
  q: { push(args: ArrayLike<unknown>): unknown } | ArrayLike<unknown>[];
}

declare global {
  interface Window {
    Featurebase?: FeaturebaseGlobal;
  }
}
