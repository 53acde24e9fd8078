import { readFileSync } from 'node:fs';
import { test as base } from '@playwright/test';
import { startTestServer, type TestServer } from './static-server';

/** The stub exactly as README.md shows it (README's check keeps it equal to dist/snippet.min.js). */
export function readmeStub(): string {
  const readme = readFileSync('README.md', 'utf8');
  const match = readme.match(/<!-- script-tag -->\n```html\n(<script>.*<\/script>)\n/);
  if (!match) throw new Error('README.md has no stub in its script-tag block');
  return match[1];
}

/** The Content-Security-Policy README.md recommends, with the CDN swapped for this server. */
export function readmeCsp(): string {
  const match = readFileSync('README.md', 'utf8').match(/<!-- csp -->\n```\nContent-Security-Policy: (.*)\n/);
  if (!match) throw new Error('README.md has no csp block');
  return match[1].replace('https://cdn.jsdelivr.net', '');
}

export const test = base.extend<{ server: TestServer }>({
  server: async ({}, use) => {
    const server = await startTestServer();
    await use(server);
    await server.close();
  },
});

export { expect } from '@playwright/test';
