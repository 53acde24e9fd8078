// `npm run bench`: size, browser cost and proxy throughput, side by side; writes BENCHMARKS.md.
// Run after the build (the npm script builds first). Everything binds 127.0.0.1.
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchBrowser } from './browser.mjs';
import { benchProxy, benchRefusal } from './proxy.mjs';
import { readmeBlock, refusalSection, render } from './report.mjs';
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

// `--only=refusal`: that part alone, rewriting its section of BENCHMARKS.md and nothing else.
if (process.argv.includes('--only=refusal')) {
  const section = refusalSection({ refusal: await refusal(), machine: machineFacts() });
  const report = readFileSync('BENCHMARKS.md', 'utf8');
  const marked = /<!-- refusal -->[\s\S]*?<!-- \/refusal -->/;
  writeFileSync('BENCHMARKS.md', marked.test(report) ? report.replace(marked, section) : report.replace(/\n## What missed/, `\n${section}\n\n## What missed`));
  log(`wrote the refusal section of BENCHMARKS.md in ${Math.round((performance.now() - began) / 1000)} s`);
  process.exit(0);
}

const size = await part('size', () => measureSizes());
const browser = await part('browser', () => benchBrowser(size.code, { runs: 30, log }));
const proxy = await part('proxy', () => benchProxy({ rounds: 7, seconds: 5, connections: 50, log }));
const machine = { ...machineFacts(), chromium: browser.version };
const results = { machine, size, browser, proxy, refusal: await refusal(), seconds: (performance.now() - began) / 1000 };
writeFileSync('BENCHMARKS.md', render(results));
// README quotes the goals table of the latest run, between its <!-- bench --> markers.
const readme = readFileSync('README.md', 'utf8');
writeFileSync('README.md', readme.replace(/(<!-- bench -->)[\s\S]*?(<!-- \/bench -->)/, (_, open, close) => `${open}\n${readmeBlock(results)}\n${close}`));
log(`wrote BENCHMARKS.md in ${Math.round(results.seconds)} s`);
