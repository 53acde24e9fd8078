// @vitest-environment node
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createStamp, filesUnder } from './stamp.mjs';

/** @type {string} */
let base;
/** @type {(file: string, text: string) => void} */
const put = (file, text) => {
  mkdirSync(join(base, file, '..'), { recursive: true });
  writeFileSync(join(base, file), text);
};

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'featurebase-stamp-'));
  put('src/a.ts', 'export const a = 1;');
  put('src/deep/b.ts', 'export const b = 2;');
  put('rollup.config.mjs', 'export default [];');
  put('dist/a.js', 'const a = 1;');
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

/** A stamp over src/ and the config, with dist/ as its outputs. */
const stampOf = () => createStamp('test', { inputs: () => [...filesUnder('src', base), 'rollup.config.mjs'], outputs: () => filesUnder('dist', base) }, base);

test('never built, until written; then up to date', () => {
  const stamp = stampOf();
  expect(stamp.changes()).toEqual(['(never built)']);
  stamp.write();
  expect(stamp.changes()).toEqual([]);
  expect(stampOf().changes()).toEqual([]);
});

test('a changed input or config is a change; the same bytes with a new modification time are not', () => {
  const stamp = stampOf();
  stamp.write();
  utimesSync(join(base, 'src/a.ts'), new Date(2030, 0, 1), new Date(2030, 0, 1));
  put('src/deep/b.ts', 'export const b = 2;');
  expect(stamp.changes()).toEqual([]);
  appendFileSync(join(base, 'src/deep/b.ts'), '\n');
  put('rollup.config.mjs', 'export default [{}];');
  expect(stamp.changes()).toEqual(['rollup.config.mjs', 'src/deep/b.ts']);
});

test('an added or removed source is a change', () => {
  const stamp = stampOf();
  stamp.write();
  put('src/c.ts', 'export const c = 3;');
  expect(stamp.changes()).toEqual(['src/c.ts']);
  rmSync(join(base, 'src/c.ts'));
  rmSync(join(base, 'src/a.ts'));
  expect(stamp.changes()).toEqual(['src/a.ts']);
});

test('an edited, deleted or stray output is a change', () => {
  const stamp = stampOf();
  stamp.write();
  put('dist/a.js', 'const a = 2;');
  expect(stamp.changes()).toEqual(['dist/a.js']);
  put('dist/a.js', 'const a = 1;');
  put('dist/left-over.js', '');
  expect(stamp.changes()).toEqual(['dist/left-over.js']);
  rmSync(join(base, 'dist'), { recursive: true });
  expect(stamp.changes()).toEqual(['dist/a.js']);
});

test('cleared before a build: a build that stops half-way leaves no stamp', () => {
  const stamp = stampOf();
  stamp.write();
  stamp.clear();
  expect(stamp.changes()).toEqual(['(never built)']);
});
