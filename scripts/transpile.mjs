// A rollup plugin that turns TypeScript into JavaScript one file at a time, with TypeScript's
// own transpileModule and the compiler options of a tsconfig: no type-checking (`npm run build`
// type-checks once, in its tsc pass), no program. @rollup/plugin-typescript, even with
// `noCheck`, builds a whole TypeScript program (the DOM's and valibot's types included) for each
// of the build's seven bundles, about 1.5 s of CPU each; it has no file-by-file mode (it dropped
// transpileModule). With isolatedModules (tsconfig.json), every file compiles on its own, so the
// output is the same: the bundles were byte-identical when this replaced it.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

/**
 * @param {string} tsconfig - whose compiler options to transpile with, e.g. tsconfig.build.json
 * @returns {import('rollup').Plugin}
 */
export function transpile(tsconfig) {
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`cannot read ${tsconfig}`);
  const compilerOptions = { ...parsed.options, noEmit: false, declaration: false, emitDeclarationOnly: false, sourceMap: false, inlineSourceMap: false };
  return {
    name: 'transpile-typescript',
    // The sources import `./x.js` for `./x.ts` (or `.tsx`), as TypeScript wants.
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.') || !source.endsWith('.js')) return null;
      for (const extension of ['.ts', '.tsx']) {
        const file = resolve(dirname(importer), source.slice(0, -'.js'.length) + extension);
        if (existsSync(file)) return file;
      }
      return null;
    },
    transform(code, id) {
      if (!/\.tsx?$/.test(id)) return null;
      const { outputText, diagnostics = [] } = ts.transpileModule(code, { compilerOptions, fileName: id, reportDiagnostics: true });
      if (diagnostics.length) this.error(`${id}: ${ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n')}`);
      return { code: outputText, map: null };
    },
  };
}
