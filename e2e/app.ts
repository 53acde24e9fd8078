import { test as base } from '@playwright/test';
// The built server and testing entries, as an app would install them.
import { createNodeHandler } from 'featurebase-identify/server';
import { startEmulator, type StartedEmulator } from 'featurebase-identify/testing';
import { startTestServer, type TestServer } from './static-server';

/** An app on 127.0.0.1 whose identify endpoint is the real proxy, forwarding to the emulator. */
export interface App {
  url: string;
  server: TestServer;
  emulator: StartedEmulator;
  /** The emulator's received POST /v2/contacts requests' bodies, oldest first. */
  upstream(): any[];
}

export const test = base.extend<{ app: App }>({
  app: async ({}, use) => {
    const emulator = await startEmulator();
    const server = await startTestServer({
      identify: createNodeHandler({ apiKey: emulator.apiKey, baseUrl: emulator.url, allowUnauthenticated: true, timeoutMs: 5000 }),
    });
    await use({
      url: server.url,
      server,
      emulator,
      upstream: () => emulator.requests.filter((r) => r.path === '/v2/contacts').map((r) => r.body),
    });
    await server.close();
    await emulator.close();
  },
});

export { expect } from '@playwright/test';
