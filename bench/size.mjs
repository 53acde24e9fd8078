// Sizes of the shipped files against their budgets, and of two floors built the same way.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';
import { coreTerserOptions } from '../scripts/minify.mjs';
import { budgets, measure, sizes } from '../scripts/size.mjs';
import { transpile } from '../scripts/transpile.mjs';

export { sizes };

const src = (/** @type {string} */ file) => fileURLToPath(new URL(`../src/${file}`, import.meta.url));

/**
 * Entries of the floors and helpers, as source text. Each assigns a global so nothing is
 * tree-shaken away, and sends to the SDK's default endpoint.
 * @type {Record<string, string>}
 */
export const entries = {
  /** The least a page can do: POST the same JSON body with fetch. */
  'floor-fetch': `window.Featurebase = { identify: (contact) => fetch('/api/featurebase/identify', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(contact) }) };`,
  /** The schema alone with valibot: the SDK's own check, nothing else. */
  'floor-schema': `import { Contact } from ${JSON.stringify(src('contact.ts'))};
window.Featurebase = { validate: (contact) => Contact['~standard'].validate(contact) };`,
  /** Both: validate, then POST. What an SDK without retries, persistence or dedupe would be. */
  'floor-schema-fetch': `import { Contact } from ${JSON.stringify(src('contact.ts'))};
window.Featurebase = { identify: (contact) => { const result = Contact['~standard'].validate(contact); if (result.issues) return Promise.reject(result.issues); return fetch('/api/featurebase/identify', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(result.value) }); } };`,
  /** Not a floor: the SDK's validateContact alone, for validations per second in the browser. */
  'validate': `import { validateContact } from ${JSON.stringify(src('validate.ts'))};
window.validateContact = validateContact;`,
};

/**
 * Builds an entry like rollup.config.mjs builds the script-tag core: node-resolve (browser),
 * TypeScript, terser with the core's options (scripts/minify.mjs), IIFE.
 * @param {string} name - a key of {@link entries}
 * @returns {Promise<string>} the minified code
 */
export async function buildEntry(name) {
  const id = `\0bench:${name}`;
  const bundle = await rollup({
    input: id,
    onwarn: (warning, warn) => warning.code != 'CIRCULAR_DEPENDENCY' && warn(warning),
    plugins: [
      { name: 'bench-entry', resolveId: (source) => (source == id ? id : null), load: (source) => (source == id ? entries[name] : null) },
      nodeResolve({ browser: true }),
      ...(entries[name].includes('.ts"') ? [transpile('tsconfig.build.json')] : []),
      terser(coreTerserOptions),
    ],
  });
  const { output } = await bundle.generate({ format: 'iife', strict: false });
  await bundle.close();
  return output[0].code;
}

/**
 * The files the package ships: the budgeted ones, every `exports`/`sideEffects`/`unpkg` target, and the
 * chunks they import. Other .js files in dist/ are left-overs of older builds or work in progress.
 * @returns `{ shipped, other }`, paths relative to the repository
 */
function shippedFiles() {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const targets = new Set(budgets.map((budget) => budget.file));
  /** @type {(value: unknown) => unknown} */
  const walk = (value) => (typeof value == 'string' ? value.endsWith('.js') && targets.add(value.replace(/^\.\//, '')) : value && Object.values(value).forEach(walk));
  walk(pkg.exports);
  walk(pkg.sideEffects);
  walk(pkg.unpkg);
  walk(pkg.jsdelivr);
  for (const file of [...targets]) {
    for (const [, chunk] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*['"]\.\/([^'"]+\.js)['"]/g)) targets.add(`dist/${chunk}`);
  }
  const other = readdirSync('dist').filter((name) => name.endsWith('.js')).map((name) => `dist/${name}`).filter((file) => !targets.has(file));
  return { shipped: [...targets].sort(), other: other.sort() };
}

/**
 * Measures every shipped file and builds the floors.
 * @returns `{ files, floors, other, code }` where code holds the built sources for the browser benchmark
 */
export async function measureSizes() {
  const measured = measure();
  const budgeted = new Map(measured.filter((row) => !row.variant).map((row) => [row.file, row]));
  const { shipped, other } = shippedFiles();
  /** @type {import('../scripts/size.mjs').SizeRow[]} */
  const files = shipped.map((file) => budgeted.get(file) || { file, what: describe(file), ...sizes(readFileSync(file)), budget: undefined, budgetOf: '', over: false });
  files.push(...measured.filter((row) => row.variant));
  /** @type {Record<string, string>} */
  const code = {};
  for (const name of Object.keys(entries)) code[name] = await buildEntry(name);
  const floors = ['floor-fetch', 'floor-schema', 'floor-schema-fetch'].map((name) => ({ name, ...sizes(code[name]) }));
  code.sdk = readFileSync('dist/featurebase.umd.js', 'utf8');
  return { files, floors, other, code };
}

/**
 * @param {string} file - a shipped file without a budget
 * @returns {string} what it is, for the table
 */
function describe(file) {
  if (file == 'dist/server.js') return 'server entry (Node, edge)';
  if (file == 'dist/testing.js') return 'emulator entry (Node)';
  if (file == 'dist/debug.js') return 'debug panel entry';
  if (file == 'dist/featurebase-debug.js') return 'debug panel, script tag';
  if (/dist\/shared-/.test(file)) return 'chunk shared by server and testing';
  return '';
}
