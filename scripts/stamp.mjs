// "Is this build up to date?" A stamp, written after a build succeeds, records the SHA-256 of
// every file the build read and every file it wrote. The build is up to date while every one of
// them still hashes the same and no file was added to or removed from either list: a changed
// source, a changed config, a new lockfile, a hand-edited or deleted output, a left-over file in
// the output folder, or a build that stopped half-way (it clears the stamp first) all mean
// "build again". Content hashes, not modification times: a checkout or a copy that keeps the
// bytes keeps the stamp, and a clock or an editor that touches files cannot fool it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root: every path a stamp records is relative to it. */
export const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Where stamps and other build by-products live: inside node_modules, so `npm ci` (which
 * empties it) always leads to a fresh build, and nothing of it can be committed or published.
 */
export const cacheDir = 'node_modules/.cache/featurebase-identify';

/**
 * @param {string} dir - a folder, relative to `base`
 * @param {string} [base] - the folder paths are relative to: the repository's root
 * @returns {string[]} every file under it, recursively, relative to `base`, sorted; none when it does not exist
 */
export function filesUnder(dir, base = root) {
  const absolute = join(base, dir);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(base, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

/**
 * @param {string[]} files - relative to `base`
 * @param {string} base
 * @returns {Record<string, string | null>} each file's SHA-256 (hex), null for a missing one
 */
function hashes(files, base) {
  return Object.fromEntries(
    [...new Set(files)].sort().map((file) => {
      const path = join(base, file);
      return [file, existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : null];
    }),
  );
}

/**
 * @param {Record<string, string | null>} then - the stamp's hashes
 * @param {Record<string, string | null>} now - the current ones
 * @returns {string[]} the files whose hash differs, or that are in only one of the two
 */
function differences(then, now) {
  return [...new Set([...Object.keys(then), ...Object.keys(now)])].filter((file) => then[file] !== now[file]).sort();
}

/**
 * @typedef {object} Stamp
 * @property {() => string[]} changes - why the outputs are not up to date: the files that
 *   differ from the last successful build, or `['(never built)']`; none when up to date
 * @property {() => void} write - records the current inputs and outputs, after a successful build
 * @property {() => void} clear - forgets the last build, before a new one starts
 */

/**
 * @param {string} name - the stamp's file name in {@link cacheDir}
 * @param {{ inputs: () => string[], outputs: () => string[] }} files - lists every file the
 *   build reads and every file it writes, relative to `base`; called at each check, so a
 *   listing by folder sees added and removed files
 * @param {string} [base] - the folder paths are relative to, and the stamp is kept under: the repository's root
 * @returns {Stamp}
 */
export function createStamp(name, files, base = root) {
  const path = join(base, cacheDir, `${name}.json`);
  const current = () => ({ inputs: hashes(files.inputs(), base), outputs: hashes(files.outputs(), base) });
  return {
    changes() {
      if (!existsSync(path)) return ['(never built)'];
      const then = JSON.parse(readFileSync(path, 'utf8'));
      const now = current();
      return [...differences(then.inputs, now.inputs), ...differences(then.outputs, now.outputs)];
    },
    write() {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, JSON.stringify(current(), null, 1) + '\n');
    },
    clear() {
      rmSync(path, { force: true });
    },
  };
}
