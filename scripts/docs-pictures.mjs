// `npm run docs:pictures`: retakes README's pictures. Tests never write into the repository: the
// screenshot tests attach each picture README shows under its docs/ name (`docs/demo.png`), in
// Playwright's output folder, and this script runs them and copies those attachments to docs/.
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './stamp.mjs';

const report = 'reports/docs-pictures.json';
const { status } = spawnSync(join(root, 'node_modules', '.bin', 'playwright'), ['test', '--grep', 'screenshot', '--reporter', 'list,json'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: report },
});
if (status !== 0) {
  console.error('[docs:pictures] the screenshot tests failed: docs/ is unchanged');
  process.exit(1);
}

/**
 * @param {any} suite - a suite of Playwright's JSON report
 * @returns {Generator<{ name: string, path?: string }>} every attachment of its tests, nested suites included
 */
function* attachments(suite) {
  for (const spec of suite.specs || []) for (const test of spec.tests) for (const result of test.results) yield* result.attachments;
  for (const child of suite.suites || []) yield* attachments(child);
}

const pictures = [...attachments({ suites: JSON.parse(readFileSync(join(root, report), 'utf8')).suites })].filter((a) => a.name.startsWith('docs/') && a.path);
for (const { name, path } of pictures) {
  copyFileSync(/** @type {string} */ (path), join(root, name));
  console.log(`[docs:pictures] ${name}`);
}
if (!pictures.length) {
  console.error('[docs:pictures] no test attached a docs/ picture');
  process.exit(1);
}
