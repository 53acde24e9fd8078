// @vitest-environment node
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { buildInputs } from './build.mjs';

/**
 * @param {string} file - a config module, relative to the repository's root
 * @returns {string[]} the repository's files it imports, relative to the root
 */
const localImports = (file) =>
  [...readFileSync(file, 'utf8').matchAll(/^import .* from '(\.[^']+)';$/gm)].map(([, specifier]) => new URL(specifier, new URL(file, 'file:///')).pathname.slice(1));

test("the build's inputs: src/ without its tests and their helpers, as tsconfig.build.json excludes them", () => {
  const inputs = buildInputs();
  expect(inputs).toContain('src/client.ts');
  expect(inputs).toContain('src/snippet.js');
  expect(inputs).toContain('src/debug/panel.tsx');
  expect(inputs).toContain('src/react/use-identify.ts');
  expect(inputs.filter((file) => /\.test(-d)?\.tsx?$/.test(file))).toEqual([]);
  const { exclude } = JSON.parse(readFileSync('tsconfig.build.json', 'utf8'));
  expect(exclude).toEqual(expect.arrayContaining(['src/test', 'src/**/test-kit.ts']));
  expect(inputs.filter((file) => file.startsWith('src/test/') || file.endsWith('/test-kit.ts'))).toEqual([]);
});

test("…and every file of the build's configuration, the modules rollup.config.mjs loads included", () => {
  const inputs = buildInputs();
  const configs = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'rollup.config.mjs', ...localImports('rollup.config.mjs'), ...localImports('scripts/build.mjs')];
  expect(configs).toContain('scripts/minify.mjs');
  expect(configs.filter((file) => !inputs.includes(file))).toEqual([]);
});
