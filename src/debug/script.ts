import type {} from '../debug-loader.js';
import type {} from '../script-api.js';
import { mountPanel, unmountPanel } from './mount.js';

// The script-tag entry (dist/featurebase-debug.js): loaded by `Featurebase.debug(true)`, or by
// hand after the core. It shows the panel for window.Featurebase and hands the core a switch.

const mount = () => {
  const api = window.Featurebase;
  // Only the loaded core knows the identity (null or a contact); the stub's getIdentity() returns undefined.
  if (api?.getIdentity?.() !== undefined) mountPanel(api!);
  else console.error('[featurebase] featurebase-debug.js needs featurebase.umd.js loaded first');
};

// Loaded twice (by hand and by the loader): the first copy keeps the one panel.
if (window.FeaturebaseDebug) window.FeaturebaseDebug.mount();
else {
  window.FeaturebaseDebug = { mount, unmount: unmountPanel };
  mount();
}
