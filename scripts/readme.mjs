// Keeps the facts README.md shows about the built files true: the stub verbatim, its CSP hash,
// the script tags' SRI hashes (the core's and featurebase-widgets.umd.js's) and the size table.
// `--write` rewrites the marked blocks; without it, exits 1 when README.md differs from what the build produced (run by npm test).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { measure } from './size.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const stub = readFileSync('dist/snippet.min.js', 'utf8').trim();
const hash = (algorithm, data) => `${algorithm}-${createHash(algorithm).update(data).digest('base64')}`;
const umdIntegrity = hash('sha384', readFileSync('dist/featurebase.umd.js'));
const cdn = `https://cdn.jsdelivr.net/npm/${pkg.name}@${pkg.version}/dist/featurebase.umd.js`;
const widgetsIntegrity = hash('sha384', readFileSync('dist/featurebase-widgets.umd.js'));
const widgetsCdn = `https://cdn.jsdelivr.net/npm/${pkg.name}@${pkg.version}/dist/featurebase-widgets.umd.js`;

const blocks = {
  'script-tag': [
    '```html',
    `<script>${stub}</script>`,
    `<script async src="${cdn}"`,
    `  integrity="${umdIntegrity}" crossorigin="anonymous"></script>`,
    '```',
  ].join('\n'),
  'widgets-tag': [
    '```html',
    `<script async src="${widgetsCdn}"`,
    `  integrity="${widgetsIntegrity}" crossorigin="anonymous"></script>`,
    '```',
  ].join('\n'),
  csp: [
    '```',
    `Content-Security-Policy: script-src 'self' https://cdn.jsdelivr.net '${hash('sha256', stub)}'`,
    '```',
  ].join('\n'),
  sizes: [
    '| file | what | minified | gzip | brotli | budget (gzip) |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...(await measure()).map((f) => `| \`${f.file}\`${f.variant ? ' ' + f.variant : ''} | ${f.what} | ${f.raw} B | ${f.gzip} B | ${f.brotli} B | ${f.budget ? f.budget + ' B' : '-'} |`),
  ].join('\n'),
};

let readme = readFileSync('README.md', 'utf8');
const stale = [];
for (const [name, body] of Object.entries(blocks)) {
  const pattern = new RegExp(`(<!-- ${name} -->)[\\s\\S]*?(<!-- /${name} -->)`);
  if (!pattern.test(readme)) throw new Error(`README.md has no <!-- ${name} --> block`);
  const next = readme.replace(pattern, (_, open, close) => `${open}\n${body}\n${close}`);
  if (next !== readme) stale.push(name);
  readme = next;
}

if (process.argv.includes('--write')) {
  writeFileSync('README.md', readme);
  console.log(stale.length ? `README.md: rewrote ${stale.join(', ')}` : 'README.md: up to date');
} else if (stale.length) {
  console.error(`README.md is stale in: ${stale.join(', ')}. Run: npm run build && node scripts/readme.mjs --write`);
  process.exit(1);
} else {
  console.log('README.md: stub, hashes and sizes match the build');
}
