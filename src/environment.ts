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
