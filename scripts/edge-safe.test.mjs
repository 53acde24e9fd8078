// @vitest-environment node
import { rollup } from 'rollup';
import { expect, test } from 'vitest';
import { edgeSafe } from './edge-safe.mjs';

/**
 * Bundles in-memory modules as rollup.config.mjs bundles the server entries: two entries, shared
 * chunks, node: built-ins external.
 * @param {Record<string, string>} modules - source by module name; `server` and `testing` are the entries
 * @returns {Promise<string[]>} the files written, when the build succeeds
 */
async function build(modules) {
  const bundle = await rollup({
    input: { server: 'server', testing: 'testing' },
    external: (id) => !(id in modules),
    plugins: [{ name: 'memory', resolveId: (id) => (id in modules ? id : null), load: (id) => modules[id] }, edgeSafe(['server'])],
    onwarn: () => {},
  });
  try {
    const { output } = await bundle.generate({ format: 'es', chunkFileNames: 'shared-[hash].js' });
    return output.map((file) => file.fileName);
  } finally {
    await bundle.close();
  }
}

test('the testing entry may import node: built-ins the server entry does not load', async () => {
  const files = await build({
    server: "import { sign } from 'shared'; export const handler = () => sign();",
    testing: "import { createServer } from 'node:http'; import { sign } from 'shared'; export const start = () => createServer(sign);",
    shared: 'export const sign = () => 1;',
  });
  expect(files).toContain('server.js');
});

test('a node: import in a chunk the server entry shares with testing fails the build', async () => {
  const building = build({
    server: "import { sign } from 'shared'; export const handler = () => sign();",
    testing: "import { sign } from 'shared'; export const start = () => sign();",
    shared: "import { createHmac } from 'node:crypto'; export const sign = () => createHmac('sha256', 'k');",
  });
  // (rollup also hoists the chunk's imports into the entry: either is reported.)
  await expect(building).rejects.toThrow(/server\.js( -> shared-[\w-]+\.js)? imports node:crypto: the server entry must load where there is no node: built-in/);
});

test('the check follows the chunks the server entry loads', async () => {
  const bundle = await rollup({
    input: { server: 'server', testing: 'testing' },
    external: (id) => id.startsWith('node:'),
    treeshake: false,
    plugins: [
      {
        name: 'memory',
        resolveId: (id) => (id.startsWith('node:') ? null : id),
        load: (id) => ({ server: "import 'shared';", testing: "import 'shared';", shared: "import 'node:crypto';" })[id],
      },
      edgeSafe(['server']),
    ],
  });
  // Without hoisting, only the shared chunk imports node:crypto.
  await expect(bundle.generate({ format: 'es', hoistTransitiveImports: false, chunkFileNames: 'shared.js' })).rejects.toThrow('server.js -> shared.js imports node:crypto');
  await bundle.close();
});

test('a built-in by its bare name, or imported dynamically, fails it too', async () => {
  await expect(build({ server: "import { createHash } from 'crypto'; export const h = createHash;", testing: 'export {};' })).rejects.toThrow(/server\.js imports crypto/);
  await expect(build({ server: "export const read = () => import('node:fs');", testing: 'export {};' })).rejects.toThrow(/server\.js imports node:fs/);
});
