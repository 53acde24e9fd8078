import type { ContactInput, ContactOutput } from './contact.js';
import { getIdentity as current, submit } from './delivery.js';
import { assertBrowser } from './environment.js';
import type { FeaturebaseError } from './errors.js';
import { emit } from './events.js';
import type { IdentifyResult } from './transport.js';
import { validateContact } from './validate.js';

/** Called once with the outcome: `(null, result)` on success, `(error)` on failure. */
export type IdentifyCallback = (error: FeaturebaseError | null, result?: IdentifyResult) => void;

/** Options of one identify call. */
export interface IdentifyOptions {
  /** Send even when the same contact was delivered recently (skips dedupe). */
  force?: boolean;
}

export { init } from './config.js';

/**
 * @returns the current identity, as sent: the contact of this page's latest identify; else the
 * one an earlier page of this origin left to deliver, or delivered less than `dedupeMs` ago; null
 * before any and after `reset()`
 */
export const getIdentity = current as () => ContactOutput | null;

// Async, so that whatever the arguments throw (a getter, a revoked proxy) rejects instead.
async function run(contact: unknown, options?: IdentifyOptions): Promise<IdentifyResult> {
  assertBrowser();
  const force = options?.force;
  // Validated and serialized now: later changes to the caller's object cannot alter what is sent.
  let body: string;
  try {
    body = JSON.stringify(validateContact(contact));
  } catch (error) {
    // Decided here, not by delivery, so announced here: listeners (the debug panel) see every outcome.
    emit('error', error as FeaturebaseError);
    throw error;
  }
  return new Promise((resolve, reject) => submit(body, force, (error, result) => (error ? reject(error) : resolve(result!))));
}

/**
 * Tells Featurebase who the signed-in user is, through your app's identify endpoint.
 *
 * The contact is validated first; an invalid one is never sent. Never throws: failures reject
 * the promise (and go to the callback) as a {@link FeaturebaseError}. With a callback, the
 * returned promise is already handled, so ignoring it causes no unhandled rejection.
 * Network errors, timeouts, 408, 429 and 5xx are retried; a newer identify supersedes this one.
 *
 * @param contact - the user: `email` or `userId` (or both), plus any other contacts API field
 * @param options - `{ force: true }` sends even if the same contact was delivered recently
 * @param callback - optional, called once as `callback(error)` or `callback(null, result)`
 * @returns a promise of `{ status, contact }`: `created` or `updated` (with Featurebase's contact),
 * `unchanged` (deduped, nothing sent) or `superseded` (a newer identify or reset replaced it)
 * @example
 * const { status } = await identify({ userId: 'u_42', email: 'ada@example.com', name: 'Ada' });
 */
export function identify(contact: ContactInput, callback?: IdentifyCallback): Promise<IdentifyResult>;
export function identify(contact: ContactInput, options: IdentifyOptions, callback?: IdentifyCallback): Promise<IdentifyResult>;
export function identify(contact: ContactInput, options?: IdentifyOptions | IdentifyCallback, callback?: IdentifyCallback): Promise<IdentifyResult> {
  if (typeof options == 'function') callback = options;
  const promise = run(contact, options as IdentifyOptions | undefined);
  if (typeof callback == 'function') {
    // A callback that throws surfaces as the host's own unhandled rejection, after settling once.
    promise.then((result) => callback(null, result), callback);
  }
  return promise;
}
