// Keeps the facts README.md shows about the built files true: the stub verbatim, its CSP hash,
// the script tags' SRI hashes (the core's and featurebase-widgets.umd.js's) and the size table.
// `--write` rewrites the marked blocks; without it, exits 1 when README.md differs from what the
// build produced. Builds first when dist/ is not up to date with the sources. `npm test` runs this
// check from scripts/check-build.mjs, on the same measurement as the size budgets.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { buildIfChanged } from './build.mjs';
import { measure } from './size.mjs';

/**
 * @param {string} algorithm - `sha256` or `sha384`
 * @param {string | Buffer} data
 * @returns {string} the hash as CSP and SRI write it: `sha256-<base64>`
 */
const hash = (algorithm, data) => `${algorithm}-${createHash(algorithm).update(data).digest('base64')}`;

/**
 * @param {import('./size.mjs').SizeRow[]} rows - the sizes measured on the build
 * @returns {Record<string, string>} each marked block of README.md as the build says it should read
 */
function blocks(rows) {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const stub = readFileSync('dist/snippet.min.js', 'utf8').trim();
  const umdIntegrity = hash('sha384', readFileSync('dist/featurebase.umd.js'));
  const cdn = `https://cdn.jsdelivr.net/npm/${pkg.name}@${pkg.version}/dist/featurebase.umd.js`;
  const widgetsIntegrity = hash('sha384', readFileSync('dist/featurebase-widgets.umd.js'));
  const widgetsCdn = `https://cdn.jsdelivr.net/npm/${pkg.name}@${pkg.version}/dist/featurebase-widgets.umd.js`;
  return {
    'script-tag': ['```html', `<script>${stub}</script>`, `<script async src="${cdn}"`, `  integrity="${umdIntegrity}" crossorigin="anonymous"></script>`, '```'].join('\n'),
    'widgets-tag': ['```html', `<script async src="${widgetsCdn}"`, `  integrity="${widgetsIntegrity}" crossorigin="anonymous"></script>`, '```'].join('\n'),
    csp: ['```', `Content-Security-Policy: script-src 'self' https://cdn.jsdelivr.net '${hash('sha256', stub)}'`, '```'].join('\n'),
    sizes: [
      '| file | what | minified | gzip | brotli | budget (gzip) |',
      '| --- | --- | ---: | ---: | ---: | ---: |',
      ...rows.map((f) => `| \`${f.file}\`${f.variant ? ' ' + f.variant : ''} | ${f.what} | ${f.raw} B | ${f.gzip} B | ${f.brotli} B | ${f.budget ? f.budget + ' B' : '-'} |`),
    ].join('\n'),
  };
}

/**
 * Compares README.md's marked blocks with the build, and rewrites them when asked.
 * @param {import('./size.mjs').SizeRow[]} rows - the sizes measured on the build
 * @param {{ write?: boolean }} [options]
 * @returns {boolean} whether README.md is (now) up to date
 */
export function checkReadme(rows, { write = false } = {}) {
  let readme = readFileSync('README.md', 'utf8');
  const stale = [];
  for (const [name, body] of Object.entries(blocks(rows))) {
    const pattern = new RegExp(`(<!-- ${name} -->)[\\s\\S]*?(<!-- /${name} -->)`);
    if (!pattern.test(readme)) throw new Error(`README.md has no <!-- ${name} --> block`);
    const next = readme.replace(pattern, (_, open, close) => `${open}\n${body}\n${close}`);
    if (next !== readme) stale.push(name);
    readme = next;
  }
  if (write) {
    writeFileSync('README.md', readme);
    console.log(stale.length ? `README.md: rewrote ${stale.join(', ')}` : 'README.md: up to date');
    return true;
  }
  if (stale.length) {
    console.error(`README.md is stale in: ${stale.join(', ')}. Run: node scripts/readme.mjs --write`);
    return false;
  }
  console.log('README.md: stub, hashes and sizes match the build');
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (!(await buildIfChanged())) process.exit(1);
  process.exit(checkReadme(measure(), { write: process.argv.includes('--write') }) ? 0 : 1);
}
