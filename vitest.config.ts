import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'demo/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'happy-dom',
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/unit.json' },
  },
});
