import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';
import { findChromium } from './scripts/chromium.mjs';

// CHROMIUM_PATH, Debian's Chromium or Playwright's own; `npm test` installs one when there is none.
const chromium = findChromium();
if ('error' in chromium) throw new Error(chromium.error);

// The demo's emulator key: the workers inherit it, and the demo spec checks no response shows it.
process.env.DEMO_API_KEY ??= 'fb_demo_key_e2e_5c7d1a93';
// Its JWT secret, which signs the widgets' token: no response may show it either.
process.env.DEMO_JWT_SECRET ??= 'fb_demo_jwt_secret_e2e_2a6f0d';
// A free port for the demo server, chosen once here: the workers inherit it through the
// environment, so two test runs on one machine never collide on a fixed port.
process.env.DEMO_PORT ??= execFileSync(process.execPath, [
  '-e',
  "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
]).toString();
process.env.DEMO_URL ??= `http://127.0.0.1:${process.env.DEMO_PORT}`;

export default defineConfig({
  // tsconfig.json maps the package's name to src/ for the type-check; the specs import the built
  // package by its name, as an app does, so Playwright loads them without that mapping.
  tsconfig: './tsconfig.playwright.json',
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  forbidOnly: !!process.env.CI,
  outputDir: 'test-results',
  reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }]],
  // e2e/demo.spec.ts runs against `npm run demo`, on the emulator (an empty FEATUREBASE_API_KEY
  // keeps a real key in the shell out of it). The other specs start their own servers. It starts
  // before any spec runs and builds dist/ first when it is not up to date with the sources
  // (nothing when it is: after `npm test`'s build it starts on that build), so no spec ever tests
  // a stale build and none builds it twice.
  webServer: {
    command: 'npm run demo',
    url: process.env.DEMO_URL + '/',
    env: { PORT: process.env.DEMO_PORT, DEMO_API_KEY: process.env.DEMO_API_KEY!, DEMO_JWT_SECRET: process.env.DEMO_JWT_SECRET!, FEATUREBASE_API_KEY: '' },
    reuseExistingServer: false,
    timeout: 120_000,
  },
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: chromium.path,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
