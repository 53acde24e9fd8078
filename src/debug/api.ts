import * as sdk from '../index.js';
import { mountPanel, unmountPanel } from './mount.js';
import type { DebugApi } from './types.js';

/**
 * Shows the debug panel for this SDK (or another copy of it) now. In the `featurebase-identify/debug`
 * bundle, `../index.js` is the package's own ESM entry, so the panel sees the app's calls.
 * @param api - the SDK to show; the `featurebase-identify` module by default
 * @returns a function that removes the panel
 * @example
 * import { mountDebugPanel } from 'featurebase-identify/debug';
 * if (import.meta.env.DEV) mountDebugPanel();
 */
export function mountDebugPanel(api: DebugApi = sdk): () => void {
  return mountPanel(api);
}

/**
 * Shows or removes the debug panel, like `Featurebase.debug()` of the script-tag build.
 * @param enabled - true shows the panel, false removes it
 */
export function debug(enabled: boolean): void {
  enabled ? mountPanel(sdk) : unmountPanel();
}
