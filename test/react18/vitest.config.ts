import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The React adapter's unit tests again, on React 18 (the peer range is ^18 || ^19; the root's
// own devDependencies are React 19). This folder's node_modules holds React 18 and a Testing
// Library that resolves it; the adapter's sources are pointed at the same copy.
const modules = fileURLToPath(new URL('./node_modules/', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  resolve: {
    alias: [
      { find: /^react(-dom)?(\/.*)?$/, replacement: `${modules}react$1$2` },
      { find: /^@testing-library\/(react|dom)$/, replacement: `${modules}@testing-library/$1` },
    ],
  },
  test: {
    include: ['src/react/**/*.test.tsx'],
    environment: 'happy-dom',
    testTimeout: 15_000,
    env: { FEATUREBASE_REACT_MAJOR: '18' },
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/react18.json' },
  },
});
