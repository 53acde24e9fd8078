// `npm test`: every check in order, then one closing line `N passed, N failed` (unit and e2e
// tests added up; a check that is not a test runner counts as one failure when it fails).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const steps = [
  { name: 'unit', cmd: 'vitest run', report: 'reports/unit.json' },
  // The React adapter's tests again on React 18 (the root has React 19): test/react18/ holds it.
  { name: 'unit, React 18', cmd: 'npm run test:react18 --silent', report: 'reports/react18.json' },
  // Nothing when dist/ is up to date with the sources.
  { name: 'build', cmd: 'node scripts/build.mjs --if-changed', gate: true },
  // After the build: the e2e tests import the built package by its own name.
  { name: 'typecheck', cmd: 'tsc -p tsconfig.json --noEmit' },
  // Checks of the built files, on one measurement.
  { name: 'size budget and README facts', cmd: 'node scripts/check-build.mjs' },
  { name: 'package lint', cmd: 'npm run lint:package --silent' },
  // The example apps: packed from this build, installed with npm ci, built (next build), driven
  // in Chromium.
  { name: 'examples', cmd: 'playwright test -c playwright.examples.config.ts', report: 'reports/examples.json' },
  { name: 'e2e', cmd: 'playwright test', report: 'reports/e2e.json' },
];

rmSync('reports', { recursive: true, force: true });
let passed = 0;
let failed = 0;
let gateFailed = false;
const failures = [];

for (const step of steps) {
  if (gateFailed) {
    failures.push(`${step.name} (not run: the build failed)`);
    failed++;
    continue;
  }
  console.log(`\n== ${step.name}: ${step.cmd}`);
  const { status } = spawnSync(step.cmd, { shell: true, stdio: 'inherit', env: { ...process.env, PATH: `node_modules/.bin:${process.env.PATH}` } });
  const counts = step.report && existsSync(step.report) ? count(step.name, JSON.parse(readFileSync(step.report, 'utf8'))) : null;
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

function count(name, report) {
  if ('numPassedTests' in report) return { passed: report.numPassedTests, failed: report.numFailedTests };
  const { expected = 0, unexpected = 0, flaky = 0 } = report.stats || {};
  return { passed: expected + flaky, failed: unexpected };
}

console.log(failures.length ? `\nFailed: ${failures.join(', ')}` : '\nAll checks passed.');
console.log(`${passed} passed, ${failed} failed`);
process.exit(failures.length ? 1 : 0);
