import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bench/**/*.test.mjs'],
    environment: 'happy-dom',
    // Generous: CI machines are small and may be busy; no test relies on wall-clock speed.
    testTimeout: 15_000,
    // Type tests run before the build, so they check src/ only (e2e/ imports the built package).
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.unit.json' },
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/unit.json' },
  },
});
