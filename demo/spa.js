// The SPA page: the ESM build, imported as an app would import 'featurebase-identify',
// bundled by rollup with valibot into one file (demo/dist/spa.js).
import { identify, on, reset } from 'featurebase-identify';
import { mountDemo } from './ui/app.js';

mountDemo({
  loaded: () => true,
  describe: () => 'ESM build (dist/index.js with valibot, bundled by rollup)',
  identify,
  reset,
  on,
});
