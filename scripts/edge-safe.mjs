// Edge runtimes (Cloudflare Workers, Vercel Edge, Deno Deploy) have no node: built-ins, and
// featurebase-identify/server must load on them. A rollup plugin that fails the build when an
// entry, or any chunk it imports, imports a node: module. It reads rollup's own chunk graph, so
// it also catches an import that rollup moved into a chunk the entry shares with another entry.
import { builtinModules } from 'node:module';

/** node:http, and Node's built-ins by their bare names too (`crypto`, `fs/promises`). */
const isNodeBuiltin = (/** @type {string} */ id) => id.startsWith('node:') || builtinModules.includes(id);

/**
 * @param {string[]} entries - the names of the entries that must stay free of node: imports
 * @returns {import('rollup').Plugin}
 */
export function edgeSafe(entries) {
  return {
    name: 'edge-safe',
    generateBundle(_, bundle) {
      for (const entry of Object.values(bundle)) {
        if (entry.type != 'chunk' || !entry.isEntry || !entries.includes(entry.name)) continue;
        // Depth-first over the chunks the entry loads, statically or dynamically; `path` is how
        // the entry reaches each one, for the message.
        /** @type {Array<{ file: string, path: string[] }>} */
        const pending = [{ file: entry.fileName, path: [entry.fileName] }];
        const seen = new Set();
        while (pending.length) {
          const { file, path } = /** @type {{ file: string, path: string[] }} */ (pending.pop());
          if (seen.has(file)) continue;
          seen.add(file);
          const chunk = bundle[file];
          if (chunk?.type != 'chunk') continue;
          for (const imported of [...chunk.imports, ...chunk.dynamicImports]) {
            if (isNodeBuiltin(imported)) this.error(`${path.join(' -> ')} imports ${imported}: the ${entry.name} entry must load where there is no node: built-in (edge runtimes)`);
            pending.push({ file: imported, path: [...path, imported] });
          }
        }
      }
    },
  };
}
