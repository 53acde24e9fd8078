// What the script-tag core needs to switch the debug panel on and off. The panel itself (Preact,
// styles) lives in dist/featurebase-debug.js, next to the core, and is fetched only when asked
// for: the core stays free of it, and this file must stay tiny.

/** What dist/featurebase-debug.js sets on `window` once loaded. */
export interface DebugPanelHandle {
  /** Shows the panel (again); does nothing when it is shown. */
  mount(): void;
  /** Removes the panel from the page. */
  unmount(): void;
}

declare global {
  interface Window {
    FeaturebaseDebug?: DebugPanelHandle;
  }
}

// Where featurebase-debug.js is: beside the core script. Emptied once it was injected; unset
// when the core did not run from a script tag (then there is nothing to load it from).
let src: string | undefined;

/**
 * Shows or removes the debug panel. The first `debug(true)` loads `featurebase-debug.js` from the
 * core script's directory (allowed by a CSP that allows the core).
 * @param enabled - true shows the panel, false removes it
 * @example
 * Featurebase.debug(true);
 */
export function debug(enabled: boolean): void {
  const panel = window.FeaturebaseDebug;
  if (panel) panel[enabled ? 'mount' : 'unmount']();
  else if (enabled && src) {
    document.head.append(Object.assign(document.createElement('script'), { src }));
    src = '';
  }
}

/**
 * Remembers where the core was loaded from, and shows the panel at once when the page URL has
 * `?featurebase_debug=1` or the core's script tag has a `data-debug` attribute.
 * @param script - the core's script tag (`document.currentScript` while the core runs)
 */
export function startDebug(script: HTMLOrSVGScriptElement | null): void {
  src = (script as HTMLScriptElement | null)?.src.replace(/[^/]*$/, 'featurebase-debug.js');
  if (/[?&]featurebase_debug=1\b/.test(location.search) || (script && 'debug' in script.dataset)) debug(true);
}
