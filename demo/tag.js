// The script-tag page: the SDK is window.Featurebase, the README's stub until
// /dist/featurebase-widgets.umd.js (the core with the widgets' token) arrives. Every call goes through the global at call time, so calls
// made before the script loads are queued by the stub and replayed by the script.
import { mountDemo } from './ui/app.js';

// The page's inline stub defines it before this module runs.
const featurebase = () => /** @type {NonNullable<typeof window.Featurebase>} */ (window.Featurebase);
const script = /** @type {HTMLScriptElement} */ (document.querySelector('script[src^="/dist/featurebase-widgets.umd.js"]'));
const delay = new URL(script.src).searchParams.get('delay');
// The stub's getIdentity() returns undefined; the loaded SDK's, the identity or null.
const loaded = () => featurebase().getIdentity() !== undefined;
let queuedIdentifies = 0;

// The debug panel's switch: Featurebase.debug(true) fetches dist/featurebase-debug.js beside the core.
const toggle = /** @type {HTMLButtonElement} */ (document.querySelector('#debug-toggle'));
const showToggle = (/** @type {boolean} */ on) => {
  toggle.setAttribute('aria-pressed', String(on));
  toggle.textContent = on ? 'Hide the debug panel' : 'Show the debug panel';
};
showToggle(/[?&]featurebase_debug=1\b/.test(location.search));
toggle.hidden = false;
toggle.addEventListener('click', () => {
  const on = toggle.getAttribute('aria-pressed') != 'true';
  featurebase().debug(on);
  showToggle(on);
});

mountDemo({
  loaded,
  describe: () =>
    loaded()
      ? 'script tag (dist/featurebase-widgets.umd.js), loaded'
      : `script tag, not loaded yet${delay ? ` (held back ${delay} ms)` : ''}: ${queuedIdentifies} identify call(s) queued in the stub`,
  whenLoaded: (listener) => script.addEventListener('load', listener),
  identify: (contact, options, callback) => {
    if (!loaded()) queuedIdentifies++;
    featurebase().identify(contact, options, callback);
  },
  reset: () => featurebase()('reset'),
  on: (event, listener) => featurebase()('on', event, listener),
});
