// @vitest-environment node
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rollup } from 'rollup';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { transpile } from './transpile.mjs';

/** @type {string} */
let dir;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'featurebase-transpile-'));
  const compilerOptions = { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, isolatedModules: true, jsx: 'react-jsx', jsxImportSource: 'preact', noEmit: true };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions }));
  writeFileSync(join(dir, 'types.ts'), 'export interface Greeting { text: string }\n');
  writeFileSync(join(dir, 'greet.ts'), "import type { Greeting } from './types.js';\nexport const greet = (name: string): Greeting => ({ text: `hello ${name}` });\n");
  writeFileSync(join(dir, 'view.tsx'), "import { greet } from './greet.js';\nexport const View = ({ name }: { name: string }) => <p>{greet(name).text}</p>;\n");
  writeFileSync(join(dir, 'entry.ts'), "export { View } from './view.js';\nexport { greet } from './greet.js';\n");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** @returns {Promise<string>} the entry bundled with the plugin, preact left external */
async function bundle() {
  const build = await rollup({ input: join(dir, 'entry.ts'), external: (id) => id.startsWith('preact'), plugins: [transpile(join(dir, 'tsconfig.json'))] });
  try {
    const { output } = await build.generate({ format: 'es' });
    return output[0].code;
  } finally {
    await build.close();
  }
}

test('bundles TypeScript and TSX imported as ./x.js, with the tsconfig compiler options (JSX for Preact)', async () => {
  const code = await bundle();
  expect(code).toContain("from 'preact/jsx-runtime'");
  expect(code).toContain('const greet = (name) => ({ text: `hello ${name}` });');
  expect(code).not.toMatch(/Greeting|: string/);
});

test('a syntax error fails the build, naming the file', async () => {
  writeFileSync(join(dir, 'greet.ts'), 'export const greet = (name: string => name;\n');
  await expect(bundle()).rejects.toThrow(/greet\.ts: .*expected/);
});
