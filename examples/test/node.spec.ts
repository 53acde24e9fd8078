// examples/node: the node:http recipe, started with `npm start`; over HTTP/1.1, and over
// node:http2 with TLS (no Host header there, only :authority).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { StartedEmulator } from 'featurebase-identify/testing';
import { startApp, startEmulator } from './apps';
import { identifyFlow } from './flow';
import { selfSignedCert } from './tls';

let emulator: StartedEmulator;

test.beforeAll(async () => void (emulator = await startEmulator('node')));
test.afterAll(() => emulator?.close());
test.beforeEach(() => emulator.reset());

test('node:http: 401 signed out, created then updated, 403 for another user', async ({ page }) => {
  const app = await startApp('node', { FEATUREBASE_API_KEY: emulator.apiKey, FEATUREBASE_API_URL: emulator.url });
  try {
    await identifyFlow(page, `${app.url}/`, emulator);
  } finally {
    await app.stop();
  }
});

test('node:http2 with TLS: the same, same-origin by :authority', async ({ page }) => {
  const folder = mkdtempSync(join(tmpdir(), 'featurebase-example-tls-'));
  const { key, cert } = await selfSignedCert();
  writeFileSync(join(folder, 'key.pem'), key);
  writeFileSync(join(folder, 'cert.pem'), cert);
  const tls = { TLS_KEY: join(folder, 'key.pem'), TLS_CERT: join(folder, 'cert.pem') };
  const app = await startApp('node', { FEATUREBASE_API_KEY: emulator.apiKey, FEATUREBASE_API_URL: emulator.url, ...tls }, 'https');
  try {
    await identifyFlow(page, `${app.url}/`, emulator);
    expect(await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).nextHopProtocol)).toBe('h2');
  } finally {
    await app.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});
