// `npm run size`: every shipped browser file against its budget, measured on the build (built
// first when dist/ is not up to date with the sources).
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { buildIfChanged, coreWithoutDebugLoader } from './build.mjs';

/**
 * Budgets in bytes: gzip -9 for bundles, raw for the inline stub. The complete core, as shipped,
 * may take 4.5 KiB (4608 B) for all of its browser work. Built without the debug panel's loader it
 * must stay 160 B under that (4448 B): the loader's size, so the loader cannot grow unseen. The
 * script-tag core with the widgets' token, featurebase-widgets.umd.js, may take 320 B more than
 * the core (4928 B; the token's handling, its expiry read included): the core itself has none of it.
 */
export const budgets = [
  { file: 'dist/featurebase.umd.js', what: 'script-tag core: valibot, delivery, debug panel loader', gzip: 4608 },
  { file: 'dist/featurebase.umd.js', variant: 'without the debug loader', built: coreWithoutDebugLoader, what: 'the same core built without the debug panel loader (not shipped)', gzip: 4448 },
  { file: 'dist/featurebase-widgets.umd.js', what: 'the same core with the widgets\' token (result.featurebaseJwt, init({ widgets }))', gzip: 4928 },
  { file: 'dist/snippet.min.js', what: 'inline pre-load stub', raw: 299 },
  { file: 'dist/debug.js', what: 'debug panel, ESM (Preact included)', gzip: 8000 },
  { file: 'dist/featurebase-debug.js', what: 'debug panel, script tag (Preact included)', gzip: 8000 },
  { file: 'dist/index.js', what: 'ESM entry (valibot external)' },
  { file: 'dist/react.js', what: 'React entry, ESM, TSDoc kept (react and the core external)', gzip: 2500 },
];

/**
 * @param {Buffer | string} data - a file's contents, or code as a string (counted as UTF-8)
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
 * @typedef {object} SizeRow
 * @property {string} file
 * @property {string} [variant] - how this build of `file` differs from the shipped one
 * @property {string} what
 * @property {number} raw
 * @property {number} gzip
 * @property {number} brotli
 * @property {number} [budget] - in bytes of `budgetOf`
 * @property {'gzip' | 'raw' | ''} budgetOf
 * @property {boolean} over - whether it is over its budget
 */

/** @returns {SizeRow[]} one row per budget: the file, its sizes, its budget and whether it is over */
export function measure() {
  /** @type {SizeRow[]} */
  const rows = [];
  for (const { file, variant, built, what, gzip, raw } of budgets) {
    const measured = sizes(readFileSync(built || file));
    const over = (gzip && measured.gzip > gzip) || (raw && measured.raw > raw);
    rows.push({ file, variant, what, ...measured, budget: gzip || raw, budgetOf: gzip ? 'gzip' : raw ? 'raw' : '', over: Boolean(over) });
  }
  return rows;
}

/**
 * Prints one line per row: within or over its budget, and its sizes.
 * @param {SizeRow[]} rows - from {@link measure}
 * @returns {boolean} whether every file is within its budget
 */
export function reportSizes(rows) {
  for (const r of rows) {
    const budget = r.budget ? `${r.budgetOf} budget ${r.budget}` : 'no budget';
    const name = r.variant ? `${r.file} ${r.variant}` : r.file;
    console.log(`${r.over ? 'OVER' : 'ok  '} ${name.padEnd(52)} raw ${String(r.raw).padStart(6)}  gzip ${String(r.gzip).padStart(5)}  brotli ${String(r.brotli).padStart(5)}  (${budget})`);
  }
  return !rows.some((r) => r.over);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (!(await buildIfChanged())) process.exit(1);
  process.exit(reportSizes(measure()) ? 0 : 1);
}
