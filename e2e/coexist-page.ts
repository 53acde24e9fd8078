import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { readmeStub } from './fixtures';
import type { TestServer } from './static-server';

// A page where Featurebase's widget SDK and this one meet on window.Featurebase: the pieces each
// side puts on a page, added one at a time in a chosen order, and what each runtime received.

/** What can be on the page: Featurebase's snippet and runtime, our stub and our bundle. */
export type Piece = 'their snippet' | 'their runtime' | 'our stub' | 'our bundle';
export const PIECES: Piece[] = ['their snippet', 'their runtime', 'our stub', 'our bundle'];

/** Every order of `items`. */
export function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** The stand-in for Featurebase's sdk.js (drains q, then replaces the global). */
export const STAND_IN_RUNTIME = readFileSync('e2e/stand-in-runtime.js', 'utf8');
/** featurebase-js's ESM build, as installed (a devDependency). */
export const FEATUREBASE_JS = readFileSync('node_modules/featurebase-js/dist/index.js', 'utf8');

/**
 * A blank page whose inline script records callbacks (`outcomes`), page errors and unhandled
 * rejections (`problems`), and serves the stand-in runtime at /featurebase-sdk.js.
 */
export async function openBlankPage(page: Page, pages: TestServer['pages'], url: string): Promise<void> {
  pages.set(
    '/',
    `<!doctype html><html><head><meta charset="utf-8"><script>
      window.outcomes = [];
      window.problems = [];
      window.cb = function (tag) { return function (error, result) { outcomes.push([tag, error ? error.code || String(error) : null, result && (result.status || result.name)]); }; };
      addEventListener('error', function (e) { problems.push('error: ' + e.message); });
      addEventListener('unhandledrejection', function (e) { problems.push('unhandled rejection: ' + (e.reason && e.reason.message)); });
    </script></head><body></body></html>`,
  );
  await page.route('**/featurebase-sdk.js', (route) => route.fulfill({ contentType: 'text/javascript', body: STAND_IN_RUNTIME }));
  await page.goto(url + '/');
}

/** Adds one piece to the page, and waits until it has run. */
export async function add(page: Page, piece: Piece): Promise<void> {
  await page.evaluate(
    ([piece, stub]) => {
      const script = document.createElement('script');
      if (piece == 'their snippet') {
        // Featurebase's documented snippet, less the runtime's script tag (added as its own piece).
        script.textContent = `if (typeof window.Featurebase != 'function') { window.Featurebase = function () { (window.Featurebase.q = window.Featurebase.q || []).push(arguments); }; }`;
      } else if (piece == 'our stub') {
        script.textContent = stub.replace(/^<script>|<\/script>$/g, '');
      } else {
        Object.assign(script, piece == 'their runtime' ? { id: 'featurebase-sdk', src: '/featurebase-sdk.js' } : { src: '/dist/featurebase.umd.js' });
        const loaded = new Promise((resolve, reject) => ((script.onload = resolve), (script.onerror = reject)));
        document.head.append(script);
        return loaded.then(() => {});
      }
      document.head.append(script);
    },
    [piece, readmeStub()] as const,
  );
}

/** What the stand-in runtime received, `[name, payload]`, in order. */
export const received = (page: Page): Promise<[string, any][]> => page.evaluate(() => (window as any).featurebaseRuntime?.received ?? []);
