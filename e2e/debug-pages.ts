import type { Page } from '@playwright/test';

/** A page of the e2e app: the script-tag core, then `head`, then `body`. */
export const debugPage = (head = '', body = '<h1>An app</h1>') =>
  `<!doctype html><html><head><meta charset="utf-8"><title>app</title><script src="/dist/featurebase.umd.js"></script>${head}</head><body>${body}</body></html>`;

/** Loads the panel by hand, as a page does before the core's `debug` command exists. */
export const debugScript = '<script src="/dist/featurebase-debug.js"></script>';

/** The panel's text, read through its (open) shadow root. */
export const panelText = (page: Page) =>
  page.evaluate(() => document.querySelector('featurebase-debug')?.shadowRoot?.textContent ?? null);

/**
 * Calls `Featurebase.identify` in the page.
 * @returns the status, or the error code and param
 */
export const identify = (page: Page, contact: object, options: object = {}) =>
  page.evaluate(
    ([c, o]) => (window as any).Featurebase.identify(c, o).then((r: any) => r.status, (e: any) => `${e.code} ${e.param}`),
    [contact, options] as const,
  );
