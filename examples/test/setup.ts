// Playwright's global setup for the examples: pack, install and build them all, once a run.
import { build, EXAMPLES, install, pack } from './prepare';

export default function setup(): void {
  const started = Date.now();
  pack();
  for (const name of EXAMPLES) install(name);
  for (const name of EXAMPLES) build(name);
  console.log(`[examples] packed, installed and built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
