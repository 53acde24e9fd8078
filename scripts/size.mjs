// Size of every shipped browser file against its budget. Run after the build.
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';

/**
 * Budgets in bytes: gzip -9 for bundles, raw for the inline stub. The complete core, as shipped,
 * may take 4.5 KiB (4608 B) for all of its browser work. Built without the debug panel's loader it
 * must stay 160 B under that (4448 B): the loader's size, so the loader cannot grow unseen. The
 * script-tag core with the widgets' token, featurebase-widgets.umd.js, may take 256 B more than
 * the core (4864 B): the core itself has none of it.
 */
export const budgets = [
  { file: 'dist/featurebase.umd.js', what: 'script-tag core: valibot, delivery, debug panel loader', gzip: 4608 },
  { file: 'dist/featurebase.umd.js', variant: 'without the debug loader', what: 'the same core built without the debug panel loader (not shipped)', gzip: 4448 },
  { file: 'dist/featurebase-widgets.umd.js', what: 'the same core with the widgets\' token (result.featurebaseJwt, init({ widgets }))', gzip: 4864 },
  { file: 'dist/snippet.min.js', what: 'inline pre-load stub', raw: 300 },
  { file: 'dist/debug.js', what: 'debug panel, ESM (Preact included)', gzip: 8000 },
  { file: 'dist/featurebase-debug.js', what: 'debug panel, script tag (Preact included)', gzip: 8000 },
  { file: 'dist/index.js', what: 'ESM entry (valibot external)' },
  { file: 'dist/react.js', what: 'React entry, ESM, TSDoc kept (react and the core external)', gzip: 2500 },
];

/**
 * @param data - a file's contents, or code as a string (counted as UTF-8)
 * @returns raw, gzip -9 and brotli 11 bytes
 */
export function sizes(data) {
  const bytes = Buffer.from(data);
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/**
 * Builds the script-tag core exactly as rollup.config.mjs does, with src/debug-loader.ts
 * replaced by a module whose `debug` and `startDebug` do nothing.
 * @returns the minified code
 */
export async function buildCoreWithoutDebugLoader() {
  const { rollup } = await import('rollup');
  const { default: configs } = await import(pathToFileURL('rollup.config.mjs').href);
  const core = configs.find((config) => config.output.file == 'dist/featurebase.umd.js');
  const stub = '\0no-debug-loader';
  const bundle = await rollup({
    ...core,
    plugins: [
      {
        name: 'no-debug-loader',
        resolveId: (source) => (source == './debug-loader.js' ? stub : source == stub ? stub : null),
        load: (id) => (id == stub ? 'export function debug() {}\nexport function startDebug() {}\n' : null),
      },
      ...core.plugins,
    ],
  });
  const { output } = await bundle.generate({ ...core.output, file: undefined });
  await bundle.close();
  // The measurement means nothing if the loader slipped back in under another import path.
  if (output[0].code.includes('featurebase-debug.js')) throw new Error('the debug loader is still in the core built without it');
  return output[0].code;
}

/** @returns one row per budget: the file, its sizes, its budget and whether it is over */
export async function measure() {
  const rows = [];
  for (const { file, variant, what, gzip, raw } of budgets) {
    const data = variant ? await buildCoreWithoutDebugLoader() : readFileSync(file);
    const measured = sizes(data);
    const over = (gzip && measured.gzip > gzip) || (raw && measured.raw > raw);
    rows.push({ file, variant, what, ...measured, budget: gzip || raw, budgetOf: gzip ? 'gzip' : raw ? 'raw' : '', over });
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await measure();
  for (const r of rows) {
    const budget = r.budget ? `${r.budgetOf} budget ${r.budget}` : 'no budget';
    const name = r.variant ? `${r.file} ${r.variant}` : r.file;
    console.log(`${r.over ? 'OVER' : 'ok  '} ${name.padEnd(52)} raw ${String(r.raw).padStart(6)}  gzip ${String(r.gzip).padStart(5)}  brotli ${String(r.brotli).padStart(5)}  (${budget})`);
  }
  if (rows.some((r) => r.over)) process.exit(1);
}
