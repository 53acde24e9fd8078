import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { fileURLToPath } from 'node:url';
import { edgeSafe } from './scripts/edge-safe.mjs';
import { coreTerserOptions } from './scripts/minify.mjs';
import { coreWithoutDebugLoader } from './scripts/build.mjs';
import { transpile } from './scripts/transpile.mjs';

// Transpiles only, file by file (scripts/transpile.mjs): `npm run build` type-checks the shipped
// sources once, in the tsc pass that writes the declarations (scripts/build.mjs).
const ts = () => transpile('tsconfig.build.json');
const min = () => terser({ ecma: 2020, compress: { passes: 3 }, format: { comments: false } });

/** @typedef {import('rollup').Plugin} Plugin */

/**
 * Browser bundles must not pull in Node built-ins: fail the build if one does.
 * @returns {Plugin}
 */
const browserOnly = () => ({
  name: 'browser-only',
  resolveId(source, importer) {
    if (source.startsWith('node:')) this.error(`${importer} imports ${source} into a browser bundle`);
    return null;
  },
});

/**
 * The script-tag bundle runs in a browser only: it drops the server-side-rendering check.
 * @returns {Plugin}
 */
const scriptTagOnly = () => ({
  name: 'script-tag-only',
  resolveId: (source, importer) =>
    source === './environment.js' && importer ? fileURLToPath(new URL('./src/environment.script.ts', import.meta.url)) : null,
});

/**
/**
 * The script-tag core featurebase.umd.js has no widgets' token (src/widgets.none.ts): it costs
 * the core nothing. featurebase-widgets.umd.js, the same core with src/widgets.ts, has it.
 * @returns {Plugin}
 */
const withoutWidgets = () => ({
  name: 'without-widgets',
  resolveId: (source, importer) =>
    source === './widgets.js' && importer ? fileURLToPath(new URL('./src/widgets.none.ts', import.meta.url)) : null,
});

/**
 * featurebase-identify/debug and /react share the app's SDK: their import of the core stays `./index.js`.
 * @returns {Plugin}
 */
const coreExternal = () => ({
  name: 'core-external',
  resolveId: (source, importer) =>
    source === '../index.js' && importer && /[\\/]src[\\/](debug|react)[\\/]/.test(importer) ? { id: './index.js', external: true } : null,
});

/**
 * Builds the script-tag core as if src/debug-loader.ts were a module whose `debug` and `startDebug` do nothing.
 * @returns {Plugin}
 */
const noDebugLoader = () => {
  const stub = '\0no-debug-loader';
  return {
    name: 'no-debug-loader',
    resolveId: (source) => (source == './debug-loader.js' || source == stub ? stub : null),
    load: (id) => (id == stub ? 'export function debug() {}\nexport function startDebug() {}\n' : null),
    generateBundle(_, bundle) {
      // The measurement means nothing if the loader slipped back in under another import path.
      if (Object.values(bundle).some((file) => file.type == 'chunk' && file.code.includes('featurebase-debug.js'))) this.error('the debug loader is still in the core built without it');
    },
  };
};

/**
 * The script-tag core: featurebase.umd.js, or featurebase-widgets.umd.js with `widgets`.
 * @param {{ withoutDebugLoader?: boolean, widgets?: boolean }} [options]
 * @returns {import('rollup').RollupOptions}
 */
const core = ({ withoutDebugLoader = false, widgets = false } = {}) => ({
  input: 'src/global.ts',
  plugins: [...(withoutDebugLoader ? [noDebugLoader()] : []), browserOnly(), scriptTagOnly(), ...(widgets ? [] : [withoutWidgets()]), nodeResolve({ browser: true }), ts(), terser(coreTerserOptions)],
  output: { file: widgets ? 'dist/featurebase-widgets.umd.js' : withoutDebugLoader ? coreWithoutDebugLoader : 'dist/featurebase.umd.js', format: 'iife', strict: false },
});

/** @type {import('rollup').RollupOptions[]} */
export default [
  {
    input: 'src/index.ts',
    external: ['valibot'],
    plugins: [browserOnly(), ts()],
    output: { file: 'dist/index.js', format: 'es' },
  },
  {
    // Server-side entries: Node 20+ and edge runtimes. Dependencies and node: built-ins stay external;
    // the server entry and the chunks it loads must import no node: built-in (edge runtimes have none).
    input: { server: 'src/server/index.ts', testing: 'src/testing/index.ts' },
    external: (id) => ['valibot', 'lru-cache', 'jose'].includes(id) || id.startsWith('rate-limiter-flexible/') || id.startsWith('node:'),
    plugins: [ts(), edgeSafe(['server'])],
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'shared-[hash].js' },
  },
  core(),
  // Not shipped: measured by scripts/size.mjs against its own budget.
  core({ withoutDebugLoader: true }),
  // The same core with the widgets' token: result.featurebaseJwt and init({ widgets }).
  core({ widgets: true }),
  {
    // The debug panel, Preact bundled in: on npm, against the package's own ESM entry...
    input: 'src/debug/index.ts',
    plugins: [browserOnly(), coreExternal(), nodeResolve({ browser: true }), ts(), min()],
    output: { file: 'dist/debug.js', format: 'es' },
  },
  {
    // ...and as a script, fetched by Featurebase.debug(true), against window.Featurebase.
    input: 'src/debug/script.ts',
    plugins: [browserOnly(), nodeResolve({ browser: true }), ts(), min()],
    output: { file: 'dist/featurebase-debug.js', format: 'iife', strict: false },
  },
  {
    // featurebase-identify/react: a client module, so React Server Components files may import it.
    // Rollup drops a source's module-level directives, so the banner puts 'use client' first.
    input: 'src/react/index.ts',
    external: ['react'],
    plugins: [browserOnly(), coreExternal(), ts()],
    output: { file: 'dist/react.js', format: 'es', banner: "'use client';" },
  },
  {
    // A classic inline script, not a module: keep its IIFE so it leaks no globals but Featurebase.
    input: 'src/snippet.js',
    // compress: false, as the source is already as short as terser's compress can make it (it only adds
    // braces); no final semicolon or newline, so the file is exactly what README pastes.
    plugins: [
      terser({ module: false, toplevel: false, compress: false, format: { comments: false, semicolons: false } }),
      {
        name: 'trim',
        generateBundle(_, bundle) {
          for (const chunk of Object.values(bundle)) if (chunk.type == 'chunk') chunk.code = chunk.code.trim();
        },
      },
    ],
    output: { file: 'dist/snippet.min.js', format: 'es' },
  },
];
