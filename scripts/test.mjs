// `npm test`: every check in order, then one closing line `N passed, N failed` (unit and e2e
// tests added up; a check that is not a test runner counts as one failure when it fails).
// First of all it makes sure the e2e tests will have a Chromium (scripts/chromium.mjs): it
// installs one when it can, or stops at once with one line saying what to run.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { ensureChromium } from './chromium.mjs';

/**
 * @typedef {object} Step
 * @property {string} name
 * @property {string} cmd - a shell command; node_modules/.bin is on its PATH
 * @property {string} [report] - the JSON report it writes, to count its tests (vitest or Playwright)
 * @property {boolean} [gate] - when it fails, the steps after it cannot run
 */

/** @type {Step[]} */
const steps = [
  { name: 'unit', cmd: 'vitest run', report: 'reports/unit.json' },
  // The React adapter's tests again on React 18 (the root has React 19): test/react18/ holds it.
  { name: 'unit, React 18', cmd: 'npm run test:react18 --silent', report: 'reports/react18.json' },
  // Before the build: the type-check config maps the package's own name to src/. Incremental:
  // only what changed since the last run is checked again.
  { name: 'typecheck', cmd: 'npm run typecheck --silent' },
  // Nothing when dist/ is up to date with the sources; the declarations are not type-checked
  // again (the step above checked the whole project).
  { name: 'build', cmd: 'node scripts/build.mjs --if-changed --no-check', gate: true },
  // Checks of the built files, on one measurement.
  { name: 'size budget and README facts', cmd: 'node scripts/check-build.mjs' },
  { name: 'package lint', cmd: 'npm run lint:package --silent' },
  // The example apps: packed from this build, installed with npm ci, built (next build), driven
  // in Chromium.
  { name: 'examples', cmd: 'playwright test -c playwright.examples.config.ts', report: 'reports/examples.json' },
  { name: 'e2e', cmd: 'playwright test', report: 'reports/e2e.json' },
];

const chromium = await ensureChromium();
if ('error' in chromium) {
  console.error(`[test] ${chromium.error}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
console.log(`[test] e2e in Chromium: ${chromium.path || "Playwright's own"} (${chromium.from})`);

/**
 * @returns {string | null} the working tree's changes as git lists them, each with a hash of the
 *   file's contents (a file changed before the run and again by it shows too); null where git cannot tell
 */
function treeChanges() {
  const { status, stdout } = spawnSync('git', ['status', '--porcelain', '--untracked-files=all'], { encoding: 'utf8' });
  if (status !== 0) return null;
  const withContents = stdout.split('\n').filter(Boolean).map((line) => {
    const path = line.slice(3).replace(/^.* -> /, '');
    return existsSync(path) ? `${line} ${createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 12)}` : line;
  });
  return withContents.join('\n');
}

rmSync('reports', { recursive: true, force: true });
const treeBefore = treeChanges();
let passed = 0;
let failed = 0;
let gateFailed = false;
/** @type {string[]} */
const failures = [];

for (const step of steps) {
  if (gateFailed) {
    failures.push(`${step.name} (not run: the build failed)`);
    failed++;
    continue;
  }
  console.log(`\n== ${step.name}: ${step.cmd}`);
  const { status } = spawnSync(step.cmd, { shell: true, stdio: 'inherit', env: { ...process.env, PATH: `node_modules/.bin:${process.env.PATH}` } });
  const counts = step.report && existsSync(step.report) ? count(JSON.parse(readFileSync(step.report, 'utf8'))) : null;
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
  }
  if (status !== 0) {
    failures.push(step.name);
    if (!counts || counts.failed === 0) failed++;
    if (step.gate) gateFailed = true;
  }
}

/**
 * @param {any} report - vitest's or Playwright's JSON report
 * @returns {{ passed: number, failed: number }}
 */
function count(report) {
  if ('numPassedTests' in report) return { passed: report.numPassedTests, failed: report.numFailedTests };
  const { expected = 0, unexpected = 0, flaky = 0 } = report.stats || {};
  return { passed: expected + flaky, failed: unexpected };
}

// Tests never write into the repository: what they make goes to ignored folders (dist/,
// reports/, test-results/). A file they added or changed is a failure.
const treeAfter = treeChanges();
if (treeBefore !== null && treeAfter !== treeBefore) {
  const before = new Set(treeBefore.split('\n'));
  console.log(`\n== the tests changed the repository:\n${treeAfter?.split('\n').filter((line) => line && !before.has(line)).join('\n')}`);
  failures.push('repository untouched');
  failed++;
}

console.log(failures.length ? `\nFailed: ${failures.join(', ')}` : '\nAll checks passed.');
console.log(`${passed} passed, ${failed} failed`);
process.exit(failures.length ? 1 : 0);
