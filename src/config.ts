import * as v from 'valibot';
import { amount, is, isPlainObject, objectIssue, requiredText } from './contact.js';
import { check } from './validate.js';
import { withWidgetsDefault, withWidgetsOption, type WidgetsOptions } from './widgets.js';

/** Where identify sends contacts unless `init({ endpoint })` says otherwise. */
export const DEFAULT_ENDPOINT = '/api/featurebase/identify';

type Headers = Record<string, string>;

/** Options of `init`. Unset options keep their current value; `undefined` restores the default. */
export interface InitOptions {
  /**
   * Your app's identify endpoint (see `featurebase-identify/server`), relative or absolute.
   * @default '/api/featurebase/identify'
   */
  endpoint?: string;
  /**
   * Extra request headers, or a function returning them (sync or async), called for every
   * request: the place for a CSRF token. If the function throws, identify rejects with code
   * `invalid_options` (the thrown value as `cause`) and sends nothing.
   * @default {}
   */
  headers?: Headers | (() => Headers | Promise<Headers>);
  /**
   * How long one request may take before it is aborted (code `timeout`, retried): a whole number
   * of milliseconds, 1 or more.
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * How many times one identify may be tried in all, the first attempt included: 1 or more.
   * @default 5
   */
  attempts?: number;
  /**
   * Retries stop when the next one would start more than this long after the first attempt.
   * @default 60000
   */
  retryWithinMs?: number;
  /**
   * An identify whose contact equals the last one delivered within this long resolves
   * `unchanged` without a request; the contact is kept in localStorage for this long. 0 turns
   * dedupe off, and nothing is kept.
   * @default 86400000 (24 hours)
   */
  dedupeMs?: number;
  /**
   * Hands each new `featurebaseJwt` from your endpoint (its `jwtSecret`) to Featurebase's runtime on
   * the page, through `window.Featurebase`, in call order with the page's own commands and before
   * the identify's callbacks: the first as `Featurebase('boot', { ...widgets, featurebaseJwt })`,
   * each later one as `Featurebase('identify', { ...widgets, featurebaseJwt })`; `reset()` (here or
   * in another tab) sends `Featurebase('shutdown')` once this page has handed a token over. It does
   * not load Featurebase's runtime: add their snippet or featurebase-js. `false`: nothing is passed. The ESM entry
   * and the script `featurebase-widgets.umd.js` have it; the script-tag core `featurebase.umd.js`
   * does not (there it is an unknown option).
   * @default false
   */
  widgets?: WidgetsOptions | false;
}

const defaults: Required<InitOptions> = withWidgetsDefault({ endpoint: DEFAULT_ENDPOINT, headers: {}, timeoutMs: 1e4, attempts: 5, retryWithinMs: 6e4, dedupeMs: 864e5 });

/** The settings in force, resolved by `init` alone: every module reads them here, as they are. */
export const settings: Required<InitOptions> = { ...defaults };

const count = is<number>((value) => Number.isSafeInteger(value) && value > 0, 'a whole number >= 1');

const Options = v.strictObject(
  withWidgetsOption({
    endpoint: v.optional(requiredText()),
    headers: v.optional(is<InitOptions['headers']>((value) => typeof value == 'function' || isPlainObject(value), 'an object or a function')),
    timeoutMs: v.optional(count),
    attempts: v.optional(count),
    retryWithinMs: v.optional(amount),
    dedupeMs: v.optional(amount),
  }),
  objectIssue,
);

/**
 * Configures the SDK. Call it before identify, or queue it with the stub: `Featurebase('init', {...})`.
 * Options left out keep their value; an option set to `undefined` goes back to its default.
 * @param options - what to change; see {@link InitOptions}
 * @returns a copy of every setting now in force, defaults included (`init({})` reads them)
 * @throws FeaturebaseError with code `invalid_options` naming the option (`param`, `issues`) when
 * one is unknown or of the wrong type or range; then nothing changes
 * @example
 * init({ endpoint: '/auth/featurebase', headers: () => ({ 'X-CSRF-Token': getCsrfToken() }) });
 */
export function init(options: InitOptions): Required<InitOptions> {
  const chosen = check(Options, options, 'invalid_options');
  for (const key in chosen) (settings as Record<string, unknown>)[key] = chosen[key as keyof InitOptions] ?? defaults[key as keyof InitOptions];
  return { ...settings };
}
