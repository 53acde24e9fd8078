import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bench/**/*.test.mjs', 'scripts/**/*.test.mjs'],
    environment: 'happy-dom',
    // A safety net, generous because CI machines are small and busy, not a measure: no test
    // asserts a duration or sleeps; they fake timers or wait for the event they need.
    testTimeout: 15_000,
    env: { FEATUREBASE_REACT_MAJOR: '19' },
    // Type tests check src/ (tsconfig.unit.json); `npm run typecheck` checks the whole project.
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.unit.json' },
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/unit.json' },
  },
});
