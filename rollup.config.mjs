import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const ts = () => typescript({ tsconfig: './tsconfig.json', include: ['src/**/*.ts', 'src/**/*.tsx'], exclude: ['**/*.test.*'] });
const min = () => terser({ ecma: 2020, compress: { passes: 3 }, format: { comments: false } });

/** Browser bundles must not pull in Node built-ins: fail the build if one does. */
const browserOnly = () => ({
  name: 'browser-only',
  resolveId(source, importer) {
    if (source.startsWith('node:')) this.error(`${importer} imports ${source} into a browser bundle`);
    return null;
  },
});

export default [
  {
    input: 'src/index.ts',
    external: ['valibot'],
    plugins: [browserOnly(), ts()],
    output: { file: 'dist/index.js', format: 'es' },
  },
  {
    input: 'src/global.ts',
    plugins: [browserOnly(), nodeResolve({ browser: true }), ts(), min()],
    output: { file: 'dist/featurebase.umd.js', format: 'iife', strict: false },
  },
  {
    // A classic inline script, not a module: keep its IIFE so it leaks no globals but Featurebase.
    input: 'src/snippet.js',
    plugins: [terser({ module: false, toplevel: false, format: { comments: false } })],
    output: { file: 'dist/snippet.min.js', format: 'es' },
  },
];
