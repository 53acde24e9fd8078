import { init } from './client.js';
import { startDebug } from './debug-loader.js';
import { resume } from './delivery.js';
import { commands } from './script-api.js';
import { shareGlobal } from './shared-global.js';

// The script-tag entry: turns window.Featurebase, the README's stub or Featurebase's own snippet,
// into the real API, shared with Featurebase's widget SDK, and runs whatever was queued for it.

const script = document.currentScript;
// data-endpoint="" counts as unset. (Set before the queued calls run, which may set it again; a
// second copy sets only its own.)
init({ endpoint: script?.dataset.endpoint || undefined });
if (shareGlobal(window, commands)) {
  setTimeout(resume());
  startDebug(script);
}
