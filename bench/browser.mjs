// Browser cost in headless Chromium: evaluating the SDK, identify-to-request, validations per second.
import { createServer } from 'node:http';
import { chromium } from '@playwright/test';
import { findChromium } from '../scripts/chromium.mjs';
import { maximal, typical } from './contacts.mjs';
import { median } from './stats.mjs';

const ENDPOINT = '/api/featurebase/identify';
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

// Runs in the page. The bundle is injected as an inline script, so its evaluation (parse,
// compile, run) is synchronous and no network time is counted; performance.now() brackets it.
// Each run appends a unique comment to the source, so V8 cannot reuse an earlier compilation,
// and sends a contact of the same size but different name, so the SDK's dedupe cannot skip it.
// The request's timing comes from Resource Timing: startTime is the fetch() call, requestStart
// the moment Chromium starts writing the request on the (already open, keep-alive) connection.
const pageScript = (/** @type {string} */ source, /** @type {object} */ contact) => `
window.bench = async (run) => {
  const contact = ${JSON.stringify(contact)};
  contact.name = contact.name.slice(0, -4) + String(run).padStart(4, '0');
  const source = ${JSON.stringify(source)} + '\\n//# run ' + run;
  const start = performance.now();
  const script = document.createElement('script');
  script.textContent = source;
  document.head.appendChild(script);
  const evaluated = performance.now();
  const sent = Featurebase.identify(contact);
  const returned = performance.now();
  await sent;
  const first = await requestEntry(1);
  // A second identify in the same page, another user: the code is compiled and warm by now.
  const again = performance.now();
  await Featurebase.identify({ ...contact, userId: contact.userId + 'b', email: 'b' + contact.email });
  const second = await requestEntry(2);
  return {
    evalMs: evaluated - start,
    callMs: returned - evaluated,
    callToFetchMs: first.startTime - evaluated,
    callToRequestMs: first.requestStart - evaluated,
    fetchToRequestMs: first.requestStart - first.startTime,
    startToRequestMs: first.requestStart - start,
    warmCallToFetchMs: second.startTime - again,
    warmCallToRequestMs: second.requestStart - again,
    isolated: crossOriginIsolated,
  };
};

// Resource Timing entries arrive some milliseconds after the response: wait for the n-th.
function requestEntry(n) {
  const find = () => performance.getEntriesByType('resource').filter((e) => e.name.endsWith(${JSON.stringify(ENDPOINT)}))[n - 1];
  return new Promise((resolve, reject) => {
    if (find()) return resolve(find());
    const observer = new PerformanceObserver(() => find() && (observer.disconnect(), resolve(find())));
    observer.observe({ type: 'resource' });
    setTimeout(() => reject(new Error('no resource timing entry for identify request ' + n)), 5000);
  });
}`;

const validatePage = (/** @type {string} */ source) => `
${source}
window.bench = (rounds, ms) => {
  const contacts = { typical: ${JSON.stringify(typical)}, maximal: ${JSON.stringify(maximal)} };
  for (const name in contacts) validateContact(contacts[name]); // throws if a fixture is invalid
  const rate = (contact, ms) => {
    let n = 0;
    const end = performance.now() + ms;
    let now;
    do {
      for (let i = 0; i < 8; i++) validateContact(contact);
      n += 8;
    } while ((now = performance.now()) < end);
    return n / ((now - end + ms) / 1000);
  };
  rate(contacts.typical, 300), rate(contacts.maximal, 300); // warm up the JIT
  const out = { typical: [], maximal: [] };
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? ['maximal', 'typical'] : ['typical', 'maximal'];
    for (const name of order) out[name].push(rate(contacts[name], ms));
  }
  return out;
};`;

// The browser APIs the SDK's identify path touches, each timed at its first use in a fresh
// document: one-time costs that a bare fetch does not pay.
const apisPage = `
window.bench = () => {
  const out = {};
  const time = (name, use) => {
    const start = performance.now();
    use();
    out[name] = performance.now() - start;
  };
  time('localStorage.getItem (first access)', () => localStorage.getItem('featurebase-identify:pending'));
  time('localStorage.getItem (again)', () => localStorage.getItem('featurebase-identify:last'));
  time('navigator.onLine', () => navigator.onLine);
  time("addEventListener('online')", () => addEventListener('online', () => {}));
  time("addEventListener('pagehide')", () => addEventListener('pagehide', () => {}));
  time("addEventListener('visibilitychange')", () => addEventListener('visibilitychange', () => {}));
  time("addEventListener('storage')", () => addEventListener('storage', () => {}));
  time('localStorage.setItem', () => localStorage.setItem('featurebase-identify:pending', JSON.stringify({ body: 'x'.repeat(200), id: Math.random() + '' })));
  time('localStorage.removeItem', () => localStorage.removeItem('featurebase-identify:pending'));
  time('AbortSignal.timeout', () => AbortSignal.timeout(10000));
  return out;
};`;

const html = (/** @type {string} */ script) => `<!doctype html><html><head><meta charset="utf-8"><title>bench</title><script>${script.replace(/<\/script/gi, '<\\/script')}</script></head><body></body></html>`;

/**
 * Serves the benchmark pages and answers the identify POST with a quick 201, on 127.0.0.1.
 * COOP/COEP make the pages cross-origin isolated, so Chromium's timers are precise to 5 µs, not 100 µs.
 * @param {Record<string, string>} pages - HTML by path (without the leading slash)
 * @returns {Promise<{ server: import('node:http').Server, url: string }>}
 */
async function startPageServer(pages) {
  const server = createServer((req, res) => {
    if (req.method == 'POST' && req.url == ENDPOINT) {
      req.resume();
      req.on('end', () => {
        const body = JSON.stringify({ object: 'contact', id: '0123456789abcdef01234567', ...typical });
        res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      });
      return;
    }
    const page = pages[new URL(req.url || '/', 'http://127.0.0.1').pathname.slice(1)];
    if (!page) return void res.writeHead(404).end();
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cache-control': 'no-store' })
      .end(page);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  return { server, url: `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}` };
}

/**
 * One run of a variant's page, in ms (see pageScript).
 * @typedef {{ evalMs: number, callMs: number, callToFetchMs: number, callToRequestMs: number, fetchToRequestMs: number, startToRequestMs: number, warmCallToFetchMs: number, warmCallToRequestMs: number, isolated: boolean }} Sample
 */

/**
 * Calls the `window.bench` of the page's script.
 * @template T
 * @param {import('@playwright/test').Page} page
 * @param {unknown[]} args
 * @returns {Promise<T>}
 */
function runBench(page, ...args) {
  return /** @type {Promise<T>} */ (page.evaluate((args) => /** @type {{ bench(...args: unknown[]): unknown }} */ (/** @type {unknown} */ (window)).bench(...args), args));
}

/** @returns {string | undefined} the Chromium the e2e tests use (scripts/chromium.mjs); undefined for Playwright's own */
function chromiumPath() {
  const found = findChromium();
  if ('error' in found) throw new Error(found.error);
  return found.path;
}

/**
 * The pages compared: the SDK, the bare-fetch floor, and validate-then-fetch (the schema floor plus fetch).
 * @type {Record<string, string>}
 */
const VARIANTS = { sdk: 'sdk', fetch: 'floor-fetch', 'schema+fetch': 'floor-schema-fetch' };

/**
 * Measures the SDK against the floors, interleaved (the order rotates every round). One tab per
 * variant navigates to a fresh copy of its page for every run: a new document and JS realm, in
 * a renderer that is already running (starting one takes seconds on a loaded machine).
 * @param {Record<string, string>} code - built sources: `sdk`, the floors, `validate`
 * @param {{ runs?: number, log?: (message: string) => void }} [options] - `runs` per variant, `log` for progress
 * @returns per-variant samples and medians, validations per second, the Chromium version
 */
export async function benchBrowser(code, { runs = 30, log = () => {} } = {}) {
  const names = Object.keys(VARIANTS);
  /** @type {Record<string, string>} */
  const pages = { validate: html(validatePage(code.validate)), apis: html(apisPage) };
  for (const name of names) pages[encodeURIComponent(name)] = html(pageScript(code[VARIANTS[name]], typical));
  const { server, url } = await startPageServer(pages);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: LAUNCH_ARGS });
  try {
    const context = await browser.newContext();
    /** @type {Record<string, import('@playwright/test').Page>} */
    const tabs = {};
    for (const name of names) tabs[name] = await context.newPage();
    /** @type {Record<string, Sample[]>} */
    const samples = Object.fromEntries(names.map((name) => [name, []]));
    // Three discarded rounds warm up the tabs and the page server.
    for (let i = -3; i < runs; i++) {
      const offset = ((i % names.length) + names.length) % names.length;
      for (const name of [...names.slice(offset), ...names.slice(0, offset)]) {
        const run = i + 3;
        await tabs[name].goto(`${url}/${encodeURIComponent(name)}?run=${run}`);
        /** @type {Sample} */
        const sample = await runBench(tabs[name], run);
        if (!sample.isolated) throw new Error('the benchmark page is not cross-origin isolated: timers would be coarse');
        if (i >= 0) samples[name].push(sample);
      }
      if (i >= 0 && (i + 1) % 10 == 0) log(`browser: ${i + 1}/${runs} interleaved rounds`);
    }
    await context.close();
    /** @type {Record<string, Record<string, number>>} */
    const medians = {};
    for (const [name, list] of Object.entries(samples)) {
      const keys = /** @type {Array<keyof Sample>} */ (Object.keys(list[0])).filter((key) => key.endsWith('Ms'));
      medians[name] = Object.fromEntries(keys.map((key) => [key, median(list.map((s) => Number(s[key])))]));
    }

    const other = await browser.newContext();
    const page = await other.newPage();
    /** @type {Record<string, number>[]} */
    const apiSamples = [];
    for (let run = 0; run < 20; run++) {
      await page.goto(`${url}/apis?run=${run}`);
      apiSamples.push(await runBench(page));
    }
    const apis = Object.fromEntries(Object.keys(apiSamples[0]).map((name) => [name, median(apiSamples.map((sample) => sample[name]))]));
    await page.goto(`${url}/validate`);
    /** @type {{ typical: number[], maximal: number[] }} */
    const rates = await runBench(page, 15, 200);
    await other.close();
    log('browser: validations per second measured');

    const validations = { typical: median(rates.typical), maximal: median(rates.maximal), rounds: rates.typical.length, ms: 200 };
    return { runs, samples, medians, apis, validations, version: browser.version() };
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}
