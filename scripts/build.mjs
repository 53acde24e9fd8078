// `npm run build`: everything in dist/, built once. rollup bundles every entry, transpiling
// TypeScript without type-checking it (rollup.config.mjs), while one `tsc` pass over the shipped
// sources type-checks them and writes the declarations (dist/types). The two run side by side.
//   --if-changed  build only when dist/ is not what the current sources build (see buildStamp below);
//                 what `npm run demo`, `npm run bench`, the size and README checks and the e2e
//                 tests use, so none of them rebuilds what is built, nor runs on a stale dist/
//   --no-check    write the declarations without type-checking (TypeScript's noCheck): for
//                 `npm test`, whose typecheck step has just checked the whole project
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheDir, createStamp, filesUnder, root } from './stamp.mjs';

/** The script-tag core built without the debug panel's loader: not shipped, measured by scripts/size.mjs. */
export const coreWithoutDebugLoader = `${cacheDir}/featurebase.umd.no-debug-loader.js`;

/** What the build reads besides src/: its configuration, and the dependencies' exact versions. */
const configFiles = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'rollup.config.mjs', 'scripts/minify.mjs', 'scripts/build.mjs', 'scripts/edge-safe.mjs', 'scripts/stamp.mjs', 'scripts/transpile.mjs'];

/**
 * Tests and their helpers (tsconfig.build.json's `exclude`) are never part of a bundle or of the
 * declarations: changing one needs no new build.
 */
const isTest = (/** @type {string} */ file) => /\.test(-d)?\.tsx?$/.test(file) || file.startsWith('src/test/') || file.endsWith('/test-kit.ts');

/** @returns {string[]} what the build reads: every file under src/ but the tests, and its configuration */
export const buildInputs = () => [...filesUnder('src').filter((file) => !isTest(file)), ...configFiles];

/** The stamp of dist/: its inputs; dist/ and the measured core variant. */
export const buildStamp = createStamp('build', { inputs: buildInputs, outputs: () => [...filesUnder('dist'), coreWithoutDebugLoader] });

/**
 * Runs a command of node_modules/.bin, its output shown once it ends so the two builds' lines
 * do not interleave.
 * @param {string} command
 * @param {string[]} args
 * @returns {Promise<boolean>} whether it succeeded
 */
function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(join(root, 'node_modules', '.bin', command), args, { cwd: root, env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' } });
    /** @type {Buffer[]} */
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => {
      output.push(Buffer.from(`${command}: ${error.message}\n`));
    });
    child.on('close', (status) => {
      process.stdout.write(Buffer.concat(output));
      resolve(status === 0);
    });
  });
}

/**
 * Builds dist/ from scratch and stamps it when both rollup and tsc succeed.
 * @param {{ check?: boolean }} [options] - `check: false` writes the declarations without type-checking
 * @returns {Promise<boolean>} whether the build succeeded
 */
export async function build({ check = true } = {}) {
  buildStamp.clear();
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  rmSync(join(root, coreWithoutDebugLoader), { force: true });
  const results = await Promise.all([run('rollup', ['-c']), run('tsc', ['-p', 'tsconfig.build.json', ...(check ? [] : ['--noCheck'])])]);
  if (results.includes(false)) return false;
  buildStamp.write();
  return true;
}

/**
 * Builds dist/ when it is not what the current sources build.
 * @param {{ check?: boolean, log?: (line: string) => void }} [options]
 * @returns {Promise<boolean>} whether dist/ is now up to date
 */
export async function buildIfChanged({ check = true, log = console.log } = {}) {
  const changes = buildStamp.changes();
  if (!changes.length) {
    log('[build] dist/ is up to date with the sources: nothing to build');
    return true;
  }
  const shown = changes.slice(0, 3).join(', ') + (changes.length > 3 ? ` and ${changes.length - 3} more` : '');
  log(`[build] building: ${shown} changed since the last build`);
  return build({ check });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const check = !process.argv.includes('--no-check');
  const ok = process.argv.includes('--if-changed') ? await buildIfChanged({ check }) : await build({ check });
  process.exit(ok ? 0 : 1);
}
