// The demo's browser bundles, one file per page: the SPA page imports the ESM build
// (dist/index.js, with valibot bundled in), the script-tag page only its UI (the SDK comes
// from dist/featurebase.umd.js). demo/server.mjs builds these at start when they are out of date; `rollup -c` works too.
import nodeResolve from '@rollup/plugin-node-resolve';
import { fileURLToPath } from 'node:url';

const here = (/** @type {string} */ path) => fileURLToPath(new URL(path, import.meta.url));

/** @type {Array<import('rollup').RollupOptions & { output: import('rollup').OutputOptions }>} */
export default ['spa', 'tag'].map((name) => ({
  input: here(`${name}.js`),
  plugins: [nodeResolve({ browser: true })],
  output: { file: here(`dist/${name}.js`), format: 'es' },
}));
