import { FeaturebaseError } from './errors.js';

/**
 * Refuses to run outside a browser (server-side rendering), where identify could only fail later
 * and less clearly. The script-tag bundle swaps this module for `environment.script.ts`: a script
 * tag only ever runs in a browser.
 * @throws FeaturebaseError with code `unsupported_environment`
 */
export function assertBrowser(): void {
  if (typeof document == 'undefined') throw new FeaturebaseError('unsupported_environment', 'browser only');
}

type Call = (...args: unknown[]) => unknown;

/**
 * Sends a command to Featurebase's runtime on the page through `window.Featurebase`. When there is
 * none yet, installs what Featurebase's own snippet installs: a function queueing its calls in
 * `Featurebase.q`, which their runtime (their snippet's, or featurebase-js's) reads when it loads.
 * The script-tag bundle swaps this for `environment.script.ts`: there the global is always its own.
 * @param call - the command and its arguments, e.g. `'boot', { appId, featurebaseJwt }`
 * @returns what the runtime returns
 */
export function tellFeaturebase(...call: unknown[]): unknown {
  let featurebase = window.Featurebase as unknown as Call & { q?: unknown[] };
  if (typeof featurebase != 'function') {
    featurebase = function () {
      // eslint-disable-next-line prefer-rest-params
      (featurebase.q ||= []).push(arguments);
    };
    window.Featurebase = featurebase as unknown as typeof window.Featurebase;
  }
  return featurebase(...call);
}
