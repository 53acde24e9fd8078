// `npm run bench`: size, browser cost and proxy throughput, side by side; writes BENCHMARKS.md.
// Run after the build (the npm script builds first). Everything binds 127.0.0.1.
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchBrowser } from './browser.mjs';
import { benchProxy, benchRefusal, benchStores } from './proxy.mjs';
import { readmeBlock, refusalSection, render, storesSection } from './report.mjs';
import { measureSizes } from './size.mjs';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
const began = performance.now();
const log = (/** @type {string} */ message) => console.log(`[bench] ${message}`);
/** @type {Array<{ part: string, before: string, after: string }>} */
const load = [];

/**
 * Runs one part, noting the 1-minute load average before and after it.
 * @template T
 * @param {string} name
 * @param {() => Promise<T>} run
 * @returns {Promise<T>}
 */
async function part(name, run) {
  const before = loadavg()[0].toFixed(1);
  log(`${name}...`);
  const result = await run();
  load.push({ part: name, before, after: loadavg()[0].toFixed(1) });
  return result;
}

/** @returns {string} e.g. "Debian GNU/Linux 12 (bookworm), Linux 6.1.0" */
function osName() {
  try {
    // A file without the line throws here too, as a missing file does.
    return /** @type {RegExpExecArray} */ (/^PRETTY_NAME="?([^"\n]*)/m.exec(readFileSync('/etc/os-release', 'utf8')))[1] + `, Linux ${release()}`;
  } catch {
    return `${process.platform} ${release()}`;
  }
}

const machineFacts = () => ({
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  cpu: cpus()[0].model.trim(),
  cores: availableParallelism(),
  memoryGiB: (totalmem() / 2 ** 30).toFixed(1),
  os: osName(),
  node: process.version,
  autocannon: JSON.parse(readFileSync('node_modules/autocannon/package.json', 'utf8')).version,
  load,
});
const refusal = () => part('refusal', () => benchRefusal({ rounds: 5, seconds: 5, connections: 50, log }));
const stores = () => part('stores', () => benchStores({ rounds: 5, seconds: 6, rate: 50, connections: 50, log }));

/**
 * Rewrites one marked section of BENCHMARKS.md (added before "What missed" the first time).
 * @param {string} name - the section's marker
 * @param {string} section - its new text, markers included
 */
function rewriteSection(name, section) {
  const report = readFileSync('BENCHMARKS.md', 'utf8');
  const marked = new RegExp(`<!-- ${name} -->[\\s\\S]*?<!-- \\/${name} -->`);
  writeFileSync('BENCHMARKS.md', marked.test(report) ? report.replace(marked, () => section) : report.replace(/\n## What missed/, () => `\n${section}\n\n## What missed`));
  log(`wrote the ${name} section of BENCHMARKS.md in ${Math.round((performance.now() - began) / 1000)} s`);
}

// `--only=refusal` or `--only=stores`: that part alone, rewriting its section of BENCHMARKS.md and nothing else.
if (process.argv.includes('--only=refusal')) {
  rewriteSection('refusal', refusalSection({ refusal: await refusal(), machine: machineFacts() }));
  process.exit(0);
}
if (process.argv.includes('--only=stores')) {
  rewriteSection('stores', storesSection({ stores: await stores(), machine: machineFacts() }));
  process.exit(0);
}

const size = await part('size', () => measureSizes());
const browser = await part('browser', () => benchBrowser(size.code, { runs: 30, log }));
const proxy = await part('proxy', () => benchProxy({ rounds: 7, seconds: 5, connections: 50, log }));
const machine = { ...machineFacts(), chromium: browser.version };
const results = { machine, size, browser, proxy, refusal: await refusal(), stores: await stores(), seconds: (performance.now() - began) / 1000 };
writeFileSync('BENCHMARKS.md', render(results));
// README quotes the goals table of the latest run, between its <!-- bench --> markers.
const readme = readFileSync('README.md', 'utf8');
writeFileSync('README.md', readme.replace(/(<!-- bench -->)[\s\S]*?(<!-- \/bench -->)/, (_, open, close) => `${open}\n${readmeBlock(results)}\n${close}`));
log(`wrote BENCHMARKS.md in ${Math.round(results.seconds)} s`);
