import { afterEach, beforeEach, expect, it, vi } from 'vitest';

const core = 'https://cdn.example/npm/featurebase-identify@1/dist/featurebase.umd.js';

const load = async () => {
  vi.resetModules();
  return import('./debug-loader.js');
};
const coreTag = (attributes: Record<string, string> = {}) => {
  const script = document.createElement('script');
  script.setAttribute('src', core);
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  return script;
};
let appended: Node[];
const injected = () => appended.map((node) => (node as HTMLScriptElement).src);

beforeEach(() => {
  appended = [];
  // Recorded, not inserted: happy-dom does not run script files, and nothing here needs them to.
  vi.spyOn(document.head, 'appendChild').mockImplementation((node) => (appended.push(node), node));
});
afterEach(() => {
  delete window.FeaturebaseDebug;
  history.replaceState(null, '', '/');
  vi.restoreAllMocks();
});

it('debug(true) loads featurebase-debug.js from the core script directory, once', async () => {
  const { debug, startDebug } = await load();
  startDebug(coreTag());
  expect(injected()).toEqual([]);
  debug(true);
  debug(true);
  expect(injected()).toEqual(['https://cdn.example/npm/featurebase-identify@1/dist/featurebase-debug.js']);
});

it('debug(false) before anything was loaded loads nothing', async () => {
  const { debug, startDebug } = await load();
  startDebug(coreTag());
  debug(false);
  expect(injected()).toEqual([]);
});

it('once the panel script is there, debug() mounts and unmounts through it', async () => {
  const { debug, startDebug } = await load();
  startDebug(coreTag());
  window.FeaturebaseDebug = { mount: vi.fn(), unmount: vi.fn() };
  debug(false);
  expect(window.FeaturebaseDebug.unmount).toHaveBeenCalledOnce();
  debug(true);
  expect(window.FeaturebaseDebug.mount).toHaveBeenCalledOnce();
  expect(injected()).toEqual([]);
});

it('?featurebase_debug=1 switches it on at load', async () => {
  history.replaceState(null, '', '/page?x=1&featurebase_debug=1');
  const { startDebug } = await load();
  startDebug(coreTag());
  expect(injected()).toHaveLength(1);
});

it('a data-debug attribute on the core script tag switches it on at load', async () => {
  const { startDebug } = await load();
  startDebug(coreTag({ 'data-debug': '' }));
  expect(injected()).toHaveLength(1);
});

it('stays off otherwise, e.g. with ?featurebase_debug=10', async () => {
  history.replaceState(null, '', '/page?featurebase_debug=10');
  const { startDebug } = await load();
  startDebug(coreTag());
  startDebug(null);
  expect(injected()).toEqual([]);
});
