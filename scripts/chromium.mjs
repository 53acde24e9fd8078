// Which Chromium the e2e tests run: CHROMIUM_PATH when set, else Debian's /usr/bin/chromium, else
// Playwright's own. When there is none, `npm test` installs one (Playwright's where its CDN can be
// reached, Debian's package as root without downloads) or stops at once with one line saying the
// exact command to run. Everything it looks at comes in as a `Machine`, so a test can fake it.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Debian's Chromium (`apt-get install chromium`); CI and dev machines here cannot download browsers. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * @typedef {object} Machine
 * @property {Record<string, string | undefined>} env - the environment (CHROMIUM_PATH)
 * @property {(path: string) => boolean} isFile - whether a file is there
 * @property {() => string} playwrightChromium - where Playwright installs its Chromium
 * @property {boolean} isRoot - whether we may install system packages
 * @property {() => Promise<boolean>} canDownload - whether Playwright's CDN answers
 * @property {(command: string) => boolean} run - runs a shell command, its output shown; whether it succeeded
 */

/**
 * @typedef {{ path: string | undefined, from: string } | { error: string }} Found
 * `path` is what Playwright's `launchOptions.executablePath` takes: undefined for Playwright's
 * own browser, which it finds by itself. `error` is one line, with the command to run.
 */

/** @type {Machine} */
export const thisMachine = {
  env: process.env,
  isFile: (path) => existsSync(path) && statSync(path).isFile(),
  playwrightChromium: () => createRequire(import.meta.url)('@playwright/test').chromium.executablePath(),
  isRoot: process.getuid?.() === 0,
  canDownload: async () => {
    const host = process.env.PLAYWRIGHT_DOWNLOAD_HOST || 'https://cdn.playwright.dev';
    return fetch(host, { method: 'HEAD', signal: AbortSignal.timeout(5000) }).then(() => true, () => false);
  },
  run: (command) => {
    try {
      execFileSync('sh', ['-c', command], { stdio: 'inherit' });
      return true;
    } catch {
      return false;
    }
  },
};

/**
 * Finds a Chromium without installing anything.
 * @param {Machine} [machine]
 * @returns {Found}
 */
export function findChromium(machine = thisMachine) {
  const chosen = machine.env.CHROMIUM_PATH;
  if (chosen) {
    if (machine.isFile(chosen)) return { path: chosen, from: 'CHROMIUM_PATH' };
    return { error: `CHROMIUM_PATH is ${chosen}, which is not a file: set it to a Chromium executable, or run \`env -u CHROMIUM_PATH npm test\` to find or install one` };
  }
  if (machine.isFile(DEBIAN_CHROMIUM)) return { path: DEBIAN_CHROMIUM, from: "Debian's package" };
  if (machine.isFile(machine.playwrightChromium())) return { path: undefined, from: "Playwright's own" };
  return { error: `no Chromium for the e2e tests: run \`${installCommands(machine)[0]}\`, or set CHROMIUM_PATH to a Chromium executable` };
}

/**
 * @param {Machine} machine
 * @returns {string[]} the commands that install a Chromium on this machine, best first
 */
function installCommands(machine) {
  const playwright = `npx playwright install${machine.isRoot ? ' --with-deps' : ''} chromium`;
  if (!machine.isFile('/usr/bin/apt-get')) return [playwright];
  const apt = 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium';
  return [playwright, machine.isRoot ? apt : 'sudo apt-get update && sudo apt-get install -y chromium'];
}

/**
 * Finds a Chromium, installing one when there is none and this machine can.
 * @param {Machine} [machine]
 * @param {(line: string) => void} [log]
 * @returns {Promise<Found>}
 */
export async function ensureChromium(machine = thisMachine, log = console.log) {
  const found = findChromium(machine);
  if (!('error' in found) || machine.env.CHROMIUM_PATH) return found;
  const [playwright, apt] = installCommands(machine);
  let command;
  if (await machine.canDownload()) command = playwright;
  else if (apt && machine.isRoot) command = apt;
  else return { error: `no Chromium for the e2e tests, and Playwright's CDN cannot be reached: run \`${apt || playwright}\`, or set CHROMIUM_PATH to a Chromium executable` };
  log(`[test] no Chromium for the e2e tests: installing one with \`${command}\``);
  if (!machine.run(command)) return { error: `\`${command}\` failed (see above): fix it and run it again, or set CHROMIUM_PATH to a Chromium executable` };
  const installed = findChromium(machine);
  return 'error' in installed ? { error: `\`${command}\` ran, yet no Chromium is there: set CHROMIUM_PATH to a Chromium executable` } : installed;
}
