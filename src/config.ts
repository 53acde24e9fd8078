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
   * request: the place for a CSRF token. If the function throws, identify rejects with that error.
   * @default {}
   */
  headers?: Headers | (() => Headers | Promise<Headers>);
  /**
   * How long one request may take before it is aborted (code `timeout`, retried).
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * How many times one identify may be tried in all, the first attempt included.
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
   * `unchanged` without a request. 0 turns dedupe off.
   * @default 86400000 (24 hours)
   */
  dedupeMs?: number;
}

/** The settings in force: what `init` set, defaults applied where it is read. */
export const config: InitOptions = {};
