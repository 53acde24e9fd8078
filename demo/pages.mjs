// The demo's pages and files. The script-tag page carries README.md's stub verbatim, under
// README.md's Content-Security-Policy (with this server in place of the CDN).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sendError, sendText } from './http.mjs';

const here = (/** @type {string} */ path) => fileURLToPath(new URL(path, import.meta.url));
const JS = 'text/javascript; charset=utf-8';
/** The longest `?delay=` the SDK script may be held, in ms. */
const MAX_DELAY_MS = 10_000;

/**
 * Reads a marked block of README.md, as e2e/fixtures.ts does: what the page uses is what a reader copies.
 * @param {string} readme
 * @returns {{ stub: string, csp: string }}
 */
function readReadme(readme) {
  const stub = /<!-- script-tag -->\n```html\n(<script>.*<\/script>)\n/.exec(readme)?.[1];
  const csp = /<!-- csp -->\n```\nContent-Security-Policy: (.*)\n/.exec(readme)?.[1];
  if (!stub || !csp) throw new Error('README.md has no stub (<!-- script-tag -->) or CSP (<!-- csp -->) block');
  return { stub, csp: csp.replace(' https://cdn.jsdelivr.net', '') };
}

/**
 * @param {URLSearchParams} params
 * @returns {number} `?delay=` as whole ms within [0, MAX_DELAY_MS]
 */
const delayOf = (params) => Math.min(MAX_DELAY_MS, Math.max(0, Math.floor(Number(params.get('delay')) || 0)));

/** @returns the request listener for pages, the stylesheet, the bundles and the SDK script */
export function createPages() {
  const { stub, csp } = readReadme(readFileSync(here('../README.md'), 'utf8'));
  const template = readFileSync(here('page.html'), 'utf8');
  const locked = "; default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  /** @type {Record<string, (params: URLSearchParams) => { head: string, kind: string, csp: string }>} */
  const pages = {
    '/': (params) => {
      const delay = delayOf(params);
      const sdk = `<script async src="/dist/featurebase-widgets.umd.js${delay ? `?delay=${delay}` : ''}"></script>`;
      return { head: `${stub}\n${sdk}\n<script type="module" src="/assets/tag.js"></script>`, kind: 'script-tag', csp: csp + locked };
    },
    '/spa': () => ({ head: '<script type="module" src="/assets/spa.js"></script>', kind: 'spa', csp: "script-src 'self'" + locked }),
  };
  /** @type {Record<string, [path: string, type: string]>} */
  const files = {
    '/demo.css': [here('demo.css'), 'text/css; charset=utf-8'],
    '/assets/tag.js': [here('dist/tag.js'), JS],
    '/assets/spa.js': [here('dist/spa.js'), JS],
    '/dist/featurebase-widgets.umd.js': [here('../dist/featurebase-widgets.umd.js'), JS],
    // Fetched by `Featurebase.debug(true)` (the page's button, or `?featurebase_debug=1`) from beside the core.
    '/dist/featurebase-debug.js': [here('../dist/featurebase-debug.js'), JS],
    '/favicon.svg': [here('favicon.svg'), 'image/svg+xml'],
  };

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {URL} url
   */
  return async function servePage(req, res, url) {
    if (req.method != 'GET' && req.method != 'HEAD') return sendError(res, 405, 'method_not_allowed', `${req.method} is not allowed here`);
    const page = pages[url.pathname];
    if (page) {
      const { head, kind, csp: policy } = page(url.searchParams);
      const html = template.replace('<!-- head -->', head).replace('data-page=""', `data-page="${kind}"`);
      return sendText(res, html, 'text/html; charset=utf-8', { 'content-security-policy': policy, 'referrer-policy': 'no-referrer' });
    }
    const file = files[url.pathname];
    if (!file) return sendError(res, 404, 'not_found', `No page ${url.pathname}`);
    // `?delay=ms` holds the SDK script, so the page can show calls queued before it loads.
    const delay = url.pathname == '/dist/featurebase-widgets.umd.js' ? delayOf(url.searchParams) : 0;
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    sendText(res, await readFile(file[0]), file[1]);
  };
}
