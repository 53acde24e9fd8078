// @vitest-environment node
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { DEBIAN_CHROMIUM, ensureChromium, findChromium } from './chromium.mjs';

const PLAYWRIGHT_CHROMIUM = '/home/dev/.cache/ms-playwright/chromium-1/chrome-linux64/chrome';

/**
 * A machine with the given files, environment and abilities; `run` records each command and
 * "installs" what `installs` says that command puts on disk.
 * @param {{ files?: string[], env?: Record<string, string>, isRoot?: boolean, canDownload?: boolean, installs?: Record<string, string>, fails?: boolean }} [setup]
 */
function fakeMachine({ files = [], env = {}, isRoot = false, canDownload = false, installs = {}, fails = false } = {}) {
  const disk = new Set(files);
  /** @type {string[]} */
  const ran = [];
  return {
    ran,
    env,
    isFile: (/** @type {string} */ path) => disk.has(path),
    playwrightChromium: () => PLAYWRIGHT_CHROMIUM,
    isRoot,
    canDownload: async () => canDownload,
    run: (/** @type {string} */ command) => {
      ran.push(command);
      if (fails) return false;
      for (const [start, file] of Object.entries(installs)) if (command.startsWith(start)) disk.add(file);
      return true;
    },
  };
}

describe('findChromium', () => {
  test('CHROMIUM_PATH wins when it is a file', () => {
    const machine = fakeMachine({ env: { CHROMIUM_PATH: '/opt/chromium/chrome' }, files: ['/opt/chromium/chrome', DEBIAN_CHROMIUM] });
    expect(findChromium(machine)).toEqual({ path: '/opt/chromium/chrome', from: 'CHROMIUM_PATH' });
  });

  test("then Debian's /usr/bin/chromium, then Playwright's own (which Playwright finds by itself)", () => {
    expect(findChromium(fakeMachine({ files: [DEBIAN_CHROMIUM, PLAYWRIGHT_CHROMIUM] }))).toEqual({ path: DEBIAN_CHROMIUM, from: "Debian's package" });
    expect(findChromium(fakeMachine({ files: [PLAYWRIGHT_CHROMIUM] }))).toEqual({ path: undefined, from: "Playwright's own" });
  });

  test('a CHROMIUM_PATH that is not a file is an error, even when another Chromium is there', () => {
    const found = findChromium(fakeMachine({ env: { CHROMIUM_PATH: '/nowhere/chrome' }, files: [DEBIAN_CHROMIUM] }));
    expect(found).toEqual({ error: expect.stringContaining('CHROMIUM_PATH is /nowhere/chrome, which is not a file') });
    expect(found).toEqual({ error: expect.stringContaining('`env -u CHROMIUM_PATH npm test`') });
  });
});

describe('ensureChromium', () => {
  const quiet = () => {};

  test('installs nothing when a Chromium is there', async () => {
    const machine = fakeMachine({ files: [DEBIAN_CHROMIUM], canDownload: true, isRoot: true });
    expect(await ensureChromium(machine, quiet)).toEqual({ path: DEBIAN_CHROMIUM, from: "Debian's package" });
    expect(machine.ran).toEqual([]);
  });

  test("installs Playwright's Chromium where its CDN answers", async () => {
    const machine = fakeMachine({ canDownload: true, installs: { 'npx playwright install': PLAYWRIGHT_CHROMIUM } });
    expect(await ensureChromium(machine, quiet)).toEqual({ path: undefined, from: "Playwright's own" });
    expect(machine.ran).toEqual(['npx playwright install chromium']);
  });

  test('…with its system libraries when root', async () => {
    const machine = fakeMachine({ canDownload: true, isRoot: true, files: ['/usr/bin/apt-get'], installs: { 'npx playwright install': PLAYWRIGHT_CHROMIUM } });
    await ensureChromium(machine, quiet);
    expect(machine.ran).toEqual(['npx playwright install --with-deps chromium']);
  });

  test("installs Debian's package as root without downloads", async () => {
    const machine = fakeMachine({ isRoot: true, files: ['/usr/bin/apt-get'], installs: { 'apt-get update': DEBIAN_CHROMIUM } });
    expect(await ensureChromium(machine, quiet)).toEqual({ path: DEBIAN_CHROMIUM, from: "Debian's package" });
    expect(machine.ran).toEqual(['apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium']);
  });

  test('stops with the exact command when it may not install: not root, no downloads', async () => {
    const machine = fakeMachine({ files: ['/usr/bin/apt-get'] });
    const found = await ensureChromium(machine, quiet);
    expect(found).toEqual({ error: expect.stringContaining('run `sudo apt-get update && sudo apt-get install -y chromium`') });
    expect(machine.ran).toEqual([]);
  });

  test('…and names Playwright’s installer where there is no apt-get', async () => {
    const found = await ensureChromium(fakeMachine({ isRoot: true }), quiet);
    expect(found).toEqual({ error: expect.stringContaining('run `npx playwright install --with-deps chromium`') });
  });

  test('never installs over a CHROMIUM_PATH that is not a file', async () => {
    const machine = fakeMachine({ env: { CHROMIUM_PATH: '/nowhere/chrome' }, isRoot: true, canDownload: true, files: ['/usr/bin/apt-get'] });
    expect(await ensureChromium(machine, quiet)).toEqual({ error: expect.stringContaining('CHROMIUM_PATH is /nowhere/chrome') });
    expect(machine.ran).toEqual([]);
  });

  test('a failed install is an error naming the command', async () => {
    const machine = fakeMachine({ canDownload: true, fails: true });
    expect(await ensureChromium(machine, quiet)).toEqual({ error: expect.stringContaining('`npx playwright install chromium` failed') });
  });

  test('every error is one line', async () => {
    const errors = [
      findChromium(fakeMachine({ env: { CHROMIUM_PATH: '/nowhere/chrome' } })),
      await ensureChromium(fakeMachine({ files: ['/usr/bin/apt-get'] }), quiet),
      await ensureChromium(fakeMachine({ canDownload: true, fails: true }), quiet),
    ];
    for (const found of errors) expect('error' in found && found.error).toMatch(/^[^\n]+$/);
  });
});

test('npm test stops at once, with one line and the count, when CHROMIUM_PATH is not a file', () => {
  // scripts/test.mjs checks Chromium before any step. It runs here from a folder holding only
  // itself and this module: were that check gone, its steps would find no tool and fail at once,
  // instead of starting the whole suite (this test included) again.
  const dir = mkdtempSync(join(tmpdir(), 'featurebase-test-'));
  mkdirSync(join(dir, 'scripts'));
  for (const file of ['test.mjs', 'chromium.mjs']) copyFileSync(fileURLToPath(new URL(file, import.meta.url)), join(dir, 'scripts', file));
  const { status, stdout, stderr } = spawnSync(process.execPath, ['scripts/test.mjs'], {
    cwd: dir,
    env: { ...process.env, CHROMIUM_PATH: '/nowhere/chrome' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  rmSync(dir, { recursive: true, force: true });
  expect(status).toBe(1);
  expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^\[test\] CHROMIUM_PATH is \/nowhere\/chrome, which is not a file: .*`env -u CHROMIUM_PATH npm test`/)]);
  expect(stdout.trim().split('\n')).toEqual(['0 passed, 1 failed']);
});
