// The script-tag page: the SDK is window.Featurebase, the README's stub until
// /dist/featurebase.umd.js arrives. Every call goes through the global at call time, so calls
// made before the script loads are queued by the stub and replayed by the script.
import { mountDemo } from './ui/app.js';

const featurebase = () => window.Featurebase;
const script = document.querySelector('script[src^="/dist/featurebase.umd.js"]');
const delay = new URL(script.src).searchParams.get('delay');
// The stub has no init; the loaded SDK does.
const loaded = () => typeof featurebase().init == 'function';

// The stub's queue holds this page's `on` calls too; count the identifies.
const queuedIdentifies = () => [...(featurebase().q || [])].filter((args) => args[0] == 'identify').length;

mountDemo({
  loaded,
  describe: () =>
    loaded()
      ? 'script tag (dist/featurebase.umd.js), loaded'
      : `script tag, not loaded yet${delay ? ` (held back ${delay} ms)` : ''}: ${queuedIdentifies()} identify call(s) queued in the stub`,
  whenLoaded: (listener) => script.addEventListener('load', listener),
  identify: (contact, options, callback) => featurebase().identify(contact, options, callback),
  reset: () => featurebase()('reset'),
  on: (event, listener) => featurebase()('on', event, listener),
});
