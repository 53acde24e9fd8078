import type { ContactInput } from './contact.js';
import { FeaturebaseError } from './errors.js';
import { send, type IdentifyResult } from './transport.js';

type Headers = Record<string, string>;
import { validateContact } from './validate.js';

/** Where identify sends contacts unless `init({ endpoint })` says otherwise. */
export const DEFAULT_ENDPOINT = '/api/featurebase/identify';

/** Options of {@link init}. Unset options keep their current value. */
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
}

/** Called once with the outcome: `(null, result)` on success, `(error)` on failure. */
export type IdentifyCallback = (error: FeaturebaseError | null, result?: IdentifyResult) => void;

const config: InitOptions = {};

/**
 * Configures the SDK. Call it before identify, or queue it with the stub: `Featurebase('init', {...})`.
 * An option set to `undefined` goes back to its default.
 * @param options - what to change
 * @example
 * init({ endpoint: '/auth/featurebase', headers: () => ({ 'X-CSRF-Token': getCsrfToken() }) });
 */
export function init(options: InitOptions): void {
  Object.assign(config, options);
}

// Deliveries run one after another, so the endpoint sees identifies in call order.
let queue: Promise<unknown> = Promise.resolve();

async function run(contact: unknown): Promise<IdentifyResult> {
  if (typeof document == 'undefined') throw new FeaturebaseError('unsupported_environment', 'browser only');
  // Validated and serialized now: later changes to the caller's object cannot alter what is sent.
  const body = JSON.stringify(validateContact(contact));
  const { endpoint = DEFAULT_ENDPOINT, headers } = config;
  const sending = queue.then(() => send(endpoint, headers, body));
  queue = sending.catch(() => {});
  return sending;
}

/**
 * Tells Featurebase who the signed-in user is, through your app's identify endpoint.
 *
 * The contact is validated first; an invalid one is never sent. Never throws: failures reject
 * the promise (and go to the callback) as a {@link FeaturebaseError}. With a callback, the
 * returned promise is already handled, so ignoring it causes no unhandled rejection.
 *
 * @param contact - the user: `email` or `userId` (or both), plus any other contacts API field
 * @param callback - optional, called once as `callback(error)` or `callback(null, result)`
 * @returns a promise of `{ status: 'created' | 'updated', contact }`
 * @example
 * const { status } = await identify({ userId: 'u_42', email: 'ada@example.com', name: 'Ada' });
 */
export function identify(contact: ContactInput, callback?: IdentifyCallback): Promise<IdentifyResult> {
  const promise = run(contact);
  if (typeof callback == 'function') {
    // A callback that throws surfaces as the host's own unhandled rejection, after settling once.
    promise.then((result) => callback(null, result), callback);
  }
  return promise;
}
