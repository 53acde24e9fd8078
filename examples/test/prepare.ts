// Makes the examples what a user would have: this package packed by `npm pack` from the current
// build, each example's dependencies installed by `npm ci` from its own lock file, and each built
// the way its users build it (`next build` without FEATUREBASE_API_KEY in the environment).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The example apps, each a folder of examples/ with its own package.json and package-lock.json;
 * `EXAMPLES=express,hono` prepares only those (with their spec files named, for a quicker run).
 */
export const EXAMPLES = process.env.EXAMPLES ? process.env.EXAMPLES.split(',') : ['next', 'express', 'hono', 'node'];

/** Where `npm pack` puts the tarball the examples' package.json name as `file:../.pack/featurebase-identify.tgz`. */
export const TARBALL = join('examples', '.pack', 'featurebase-identify.tgz');

const npm = process.platform == 'win32' ? 'npm.cmd' : 'npm';

/** The environment of an example's install and build: no Featurebase secrets, no telemetry. */
export function buildEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  for (const name of Object.keys(env)) if (name.startsWith('FEATUREBASE_')) delete env[name];
  return env;
}

/** Runs a command in a folder, its output shown, and says how long it took. */
function run(cwd: string, args: string[]): void {
  const started = Date.now();
  execFileSync(npm, args, { cwd, stdio: 'inherit', env: buildEnv() });
  console.log(`[examples] ${cwd}: npm ${args.join(' ')} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Packs the built package to {@link TARBALL}, once every file its exports name is there. */
export function pack(): void {
  const { exports } = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, string | Record<string, string>> };
  const files = Object.values(exports).flatMap((entry) => (typeof entry == 'string' ? [entry] : Object.values(entry)));
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length) throw new Error(`The build is incomplete (${missing.join(', ')} missing): run npm run build`);
  const folder = join('examples', '.pack');
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const [{ filename }] = JSON.parse(execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', folder], { encoding: 'utf8' }));
  renameSync(join(folder, filename), TARBALL);
}

/**
 * Installs an example's dependencies with `npm ci`, then checks it got this build. A lock file
 * that pins the tarball's integrity would make npm install an older build from its cache (or
 * refuse the new one), so the lock may not have one.
 * @param name - the example's folder under examples/
 */
export function install(name: string): void {
  const cwd = join('examples', name);
  const lock = JSON.parse(readFileSync(join(cwd, 'package-lock.json'), 'utf8'));
  if (lock.packages['node_modules/featurebase-identify']?.integrity) {
    throw new Error(`${cwd}/package-lock.json pins the tarball's integrity (npm install adds it): delete that "integrity" line of node_modules/featurebase-identify`);
  }
  run(cwd, ['ci', '--no-audit', '--no-fund']);
  const installed = readFileSync(join(cwd, 'node_modules/featurebase-identify/dist/server.js'));
  if (!installed.equals(readFileSync('dist/server.js'))) throw new Error(`${cwd} did not install this build of featurebase-identify`);
}

/**
 * Builds an example the way its users do: `npm run build`, when it has that script.
 * @param name - the example's folder under examples/
 */
export function build(name: string): void {
  const cwd = join('examples', name);
  if (JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')).scripts?.build) run(cwd, ['run', 'build']);
}
