// `npm run bench`: size, browser cost and proxy throughput, side by side; writes BENCHMARKS.md.
// Run after the build (the npm script builds first). Everything binds 127.0.0.1.
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchBrowser } from './browser.mjs';
import { benchProxy } from './proxy.mjs';
import { readmeBlock, render } from './report.mjs';
import { measureSizes } from './size.mjs';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
const began = performance.now();
const log = (message) => console.log(`[bench] ${message}`);
const load = [];

/** Runs one part, noting the 1-minute load average before and after it. */
async function part(name, run) {
  const before = loadavg()[0].toFixed(1);
  log(`${name}...`);
  const result = await run();
  load.push({ part: name, before, after: loadavg()[0].toFixed(1) });
  return result;
}

function osName() {
  try {
    return /^PRETTY_NAME="?([^"\n]*)/m.exec(readFileSync('/etc/os-release', 'utf8'))[1] + `, Linux ${release()}`;
  } catch {
    return `${process.platform} ${release()}`;
  }
}

const size = await part('size', () => measureSizes());
const browser = await part('browser', () => benchBrowser(size.code, { runs: 30, log }));
const proxy = await part('proxy', () => benchProxy({ rounds: 7, seconds: 5, connections: 50, log }));

const machine = {
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  cpu: cpus()[0].model.trim(),
  cores: availableParallelism(),
  memoryGiB: (totalmem() / 2 ** 30).toFixed(1),
  os: osName(),
  node: process.version,
  chromium: browser.version,
  autocannon: JSON.parse(readFileSync('node_modules/autocannon/package.json', 'utf8')).version,
  load,
};
const results = { machine, size, browser, proxy, seconds: (performance.now() - began) / 1000 };
writeFileSync('BENCHMARKS.md', render(results));
// README quotes the goals table of the latest run, between its <!-- bench --> markers.
const readme = readFileSync('README.md', 'utf8');
writeFileSync('README.md', readme.replace(/(<!-- bench -->)[\s\S]*?(<!-- \/bench -->)/, (_, open, close) => `${open}\n${readmeBlock(results)}\n${close}`));
log(`wrote BENCHMARKS.md in ${Math.round(results.seconds)} s`);
