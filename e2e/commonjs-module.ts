// Serves a CommonJS file of node_modules to a page as an ES module, unmodified: each file of its
// `require` graph runs in a function of (module, exports, require), as Node runs it. Only relative
// requires are followed: a require of anything else (a node: built-in, another package) throws when
// the module is made, so a dependency that needs Node cannot pass for one that runs on the edge.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * @param file - a CommonJS file, e.g. `node_modules/rate-limiter-flexible/lib/RateLimiterMemory.js`
 * @returns an ES module whose default export is that file's `module.exports`
 */
export function commonJsAsModule(file: string): string {
  const modules = new Map<string, string>();
  const pending = [file];
  while (pending.length) {
    const current = pending.pop()!;
    if (modules.has(current)) continue;
    const code = readFileSync(current, 'utf8');
    const requires: Record<string, string> = {};
    for (const [, specifier] of code.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      if (!specifier.startsWith('.')) throw new Error(`${current} requires ${specifier}: not a file of its own package`);
      const resolved = [join(dirname(current), specifier), join(dirname(current), specifier + '.js'), join(dirname(current), specifier, 'index.js')].find(
        (candidate) => existsSync(candidate) && candidate.endsWith('.js'),
      );
      if (!resolved) throw new Error(`${current} requires ${specifier}, which is not there`);
      requires[specifier] = relative('.', resolved);
      pending.push(resolved);
    }
    modules.set(relative('.', current), `function (module, exports, require) { const map = ${JSON.stringify(requires)}; require = require.bind(null, map);\n${code}\n}`);
  }
  return `const factories = {\n${[...modules].map(([name, factory]) => `${JSON.stringify(name)}: ${factory}`).join(',\n')}\n};
const cache = {};
function load(name) {
  if (!cache[name]) {
    const module = (cache[name] = { exports: {} });
    factories[name](module, module.exports, (map, specifier) => load(map[specifier]));
  }
  return cache[name].exports;
}
export default load(${JSON.stringify(relative('.', file))});
`;
}
