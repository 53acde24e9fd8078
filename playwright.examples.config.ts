import { defineConfig } from '@playwright/test';
import { findChromium } from './scripts/chromium.mjs';

// The example apps (examples/), packed, installed, built and started as their users would, driven
// in Chromium: `npm run test:examples` (it builds first when dist/ is out of date).
// CHROMIUM_PATH, Debian's Chromium or Playwright's own; `npm test` installs one when there is none.
const chromium = findChromium();
if ('error' in chromium) throw new Error(chromium.error);

export default defineConfig({
  testDir: 'examples/test',
  testMatch: '**/*.spec.ts',
  globalSetup: './examples/test/setup.ts',
  // next start, an emulator and Chromium at once: one worker is what two cores afford.
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  retries: 0,
  forbidOnly: !!process.env.CI,
  outputDir: 'test-results/examples',
  reporter: [['list'], ['json', { outputFile: 'reports/examples.json' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    // The TLS proxies' certificates are self-signed, made at test time.
    ignoreHTTPSErrors: true,
    launchOptions: {
      executablePath: chromium.path,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
