// Playwright's global setup for the examples: pack, install and build them all, once a run. The
// package is packed from dist/, built first only when it is not what the current sources build
// (after `npm test`'s build step, nothing is built again).
import { buildIfChanged } from '../../scripts/build.mjs';
import { build, EXAMPLES, install, pack } from './prepare';

export default async function setup(): Promise<void> {
  if (!(await buildIfChanged())) throw new Error('the build failed: the examples need dist/');
  const started = Date.now();
  pack();
  for (const name of EXAMPLES) install(name);
  for (const name of EXAMPLES) build(name);
  console.log(`[examples] packed, installed and built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
