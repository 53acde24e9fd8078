import { getIdentity, identify, init } from './client.js';
import { debug, startDebug } from './debug-loader.js';
import { reset, resume } from './delivery.js';
import { FeaturebaseError } from './errors.js';
import { on } from './events.js';

// The script-tag entry: turns window.Featurebase from the README's stub into the real API,
// replaying whatever the page queued before this file arrived.

const commands = { identify, init, reset, getIdentity, on, debug };

/** The script-tag API: `Featurebase('identify', contact, cb)` or `Featurebase.identify(contact, cb)`. */
export interface FeaturebaseGlobal {
  (command: string, ...args: unknown[]): unknown;
  identify: typeof identify;
  init: typeof init;
  reset: typeof reset;
  getIdentity: typeof getIdentity;
  on: typeof on;
  debug: typeof debug;
  /** The stub's queue; after load, a forwarder so a stale reference to the stub still works. */
  q?: { push(args: ArrayLike<unknown>): void } | ArrayLike<unknown>[];
}

declare global {
  interface Window {
    Featurebase?: FeaturebaseGlobal;
  }
}

const api = function Featurebase(command: string, ...args: unknown[]) {
  return Object.hasOwn(commands, command)
    ? (commands as Record<string, (...args: unknown[]) => unknown>)[command](...args)
    : Promise.reject(new FeaturebaseError('unknown_command', 'unknown command ' + command));
} as FeaturebaseGlobal;

const stub = window.Featurebase;
// The stub has no init: a global that has one is this bundle, loaded before.
if (!stub || !stub.init) {
  Object.assign(api, commands);
  const script = document.currentScript;
  // data-endpoint="" counts as unset: identify falls back to the default for an empty endpoint.
  init({ endpoint: script?.dataset.endpoint });
  window.Featurebase = api;
  setTimeout(resume());
  const queued = (stub?.q as ArrayLike<unknown>[] | undefined) || [];
  // A stale reference to the stub (captured before load) keeps working: its queue now forwards.
  if (stub) stub.q = { push: (args: ArrayLike<unknown>) => api.apply(0, args as [string]) };
  for (const args of queued) api.apply(0, args as [string]);
  startDebug(script);
}
