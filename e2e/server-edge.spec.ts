import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commonJsAsModule } from './commonjs-module';
import { expect, test } from './fixtures';

// featurebase-identify/server runs on edge runtimes (Workers, Vercel Edge, Deno), which have no
// node: built-ins. The build refuses a node: import in dist/server.js or any chunk it loads
// (scripts/edge-safe.mjs); these tests check the built files themselves.

/**
 * @param file - a built file under dist/
 * @returns every module specifier its import and export statements and dynamic imports name,
 *   following its relative imports (rollup's chunks) to theirs
 */
function importsOf(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  // Without the block comments: the TSDoc kept in dist/ shows recipes (`import ... from 'redis'`).
  const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const specifiers = [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)].map((match) => match[1]);
  return specifiers.flatMap((specifier) => (specifier.startsWith('./') ? [specifier, ...importsOf(join('dist', specifier), seen)] : [specifier]));
}

/** The package's dependencies, which an app installs with it (and an edge bundler bundles). */
const dependencies = Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).dependencies);

test("dist/server.js and the chunks it loads import nothing but the package's dependencies and each other", () => {
  const imports = importsOf('dist/server.js');
  expect(imports).toContain('valibot');
  const outside = imports.filter((specifier) => !specifier.startsWith('./'));
  expect(outside.filter((specifier) => !dependencies.some((name) => specifier == name || specifier.startsWith(name + '/')))).toEqual([]);
});

test('the server entry runs where there is no node: built-in (a browser): it forwards a contact with the key', async ({ page, server }) => {
  server.pages.set(
    '/edge',
    `<!doctype html><html><head><script type="importmap">${JSON.stringify({
      imports: {
        valibot: '/node_modules/valibot/dist/index.mjs',
        'lru-cache': '/node_modules/lru-cache/dist/esm/browser/index.js',
        jose: '/node_modules/jose/dist/webapi/index.js',
        'rate-limiter-flexible/lib/RateLimiterMemory.js': '/rate-limiter-memory.js',
        'rate-limiter-flexible/lib/RateLimiterRedis.js': '/rate-limiter-redis.js',
      },
    })}</script></head><body></body></html>`,
  );
  // rate-limiter-flexible is CommonJS: its memory and Redis limiters' files, run as they are, in
  // modules (the Redis store is imported by the server entry whether or not an app uses it).
  for (const limiter of ['Memory', 'Redis']) {
    server.pages.set(`/rate-limiter-${limiter.toLowerCase()}.js`, {
      html: commonJsAsModule(`node_modules/rate-limiter-flexible/lib/RateLimiter${limiter}.js`),
      headers: { 'Content-Type': 'text/javascript' },
    });
  }
  await page.goto(server.url + '/edge');
  const status = await page.evaluate(async () => {
    const { createIdentifyHandler } = await import(location.origin + '/dist/server.js');
    const handler = createIdentifyHandler({
      apiKey: 'fb_edge_key',
      baseUrl: location.origin,
      identitySecret: 'edge-secret',
      resolveUser: () => ({ userId: 'u_edge', email: 'edge@example.com' }),
    });
    const request = new Request(location.origin + '/api/featurebase/identify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'u_edge', email: 'edge@example.com', name: 'Edge' }),
    });
    return (await handler(request)).status;
  });
  expect(status).toBe(201);
  expect(server.received).toHaveLength(1);
  const [forwarded] = server.received;
  expect(forwarded.path).toBe('/v2/contacts');
  expect(forwarded.headers.authorization).toBe('Bearer fb_edge_key');
  expect(forwarded.body).toMatchObject({ userId: 'u_edge', email: 'edge@example.com', name: 'Edge', userHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
});
