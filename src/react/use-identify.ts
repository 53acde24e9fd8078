import { useEffect, useRef, useState } from 'react';
import { getIdentity, identify, reset, type ContactInput, type FeaturebaseError, type IdentifyOptions, type IdentifyResult } from '../index.js';
import { contentKey } from './content-key.js';

/**
 * Where the identify of the current contact stands: `idle` (no contact: signed out, or auth
 * still loading), `pending` (under way), its outcome (`created`, `updated`, `unchanged`,
 * `superseded`), or `error`.
 */
export type IdentifyStatus = 'idle' | 'pending' | IdentifyResult['status'] | 'error';

/** What {@link useIdentify} returns: the status, and for `error` the error. */
export type IdentifyState =
  | { status: Exclude<IdentifyStatus, 'error'>; error: null }
  | {
      status: 'error';
      /**
       * Why the identify failed for good (after any retries): a `FeaturebaseError` with its `code`
       * (`invalid_contact`, `http`, `network`...), or the error your `init({ headers })` function threw.
       */
      error: FeaturebaseError;
    };

/** Options of {@link useIdentify} and {@link Identify}: those of `identify`, read when an identify starts. */
export type UseIdentifyOptions = IdentifyOptions;

/** The contact a hook was last given (as its {@link contentKey}; null when signed out), and what came of it. */
interface Asked {
  key: string | null | undefined;
  state?: IdentifyState;
}

const IDLE: IdentifyState = { status: 'idle', error: null };
const PENDING: IdentifyState = { status: 'pending', error: null };

/**
 * Tells Featurebase who is signed in, from a React component, and forgets them on sign-out.
 *
 * - An object: identifies it when its content changes. A new object literal every render with
 *   the same fields (in any order) sends nothing new.
 * - `null`: nobody is signed in. After a contact (or with one kept from an earlier page of this
 *   origin) that means the user signed out: `reset()`, here and in the origin's other tabs.
 *   With no identity to forget, nothing happens.
 * - `undefined`: your auth is still loading: nothing happens, nothing is reset, and what was
 *   identified before stands.
 *
 * Safe during server-side rendering (it acts in an effect, in the browser only). Under React
 * StrictMode, the double effects cost one request. Updates stop when the component unmounts.
 *
 * @param contact - the signed-in user (`email` or `userId`, and any other contacts API field),
 * `null` when signed out, `undefined` while unknown
 * @param options - `{ force: true }` sends each new contact even if it was delivered recently;
 * read when an identify starts
 * @returns `{ status, error }`: see {@link IdentifyStatus}; `error` is set when status is `error`
 * @example
 * 'use client';
 * import { useIdentify } from 'featurebase-identify/react';
 *
 * function FeaturebaseUser() {
 *   const { user, loading } = useAuth(); // your auth
 *   const { status, error } = useIdentify(loading ? undefined : user && { userId: user.id, email: user.email, name: user.name });
 *   if (error) console.warn(error.code, error.param);
 *   return null;
 * }
 */
export function useIdentify(contact: ContactInput | null | undefined, options?: UseIdentifyOptions): IdentifyState {
  const key = contact == null ? contact : contentKey(contact);
  const [asked, setAsked] = useState<Asked>({ key });
  // React's pattern for state that follows a prop: re-render at once with the new contact.
  // `undefined` changes nothing: no reset, and an identify under way still counts.
  if (key !== undefined && key !== asked.key) setAsked({ key });
  // The identify of this key, kept across StrictMode's effect re-run: one call, even with force.
  const started = useRef<{ key: string; result: Promise<IdentifyResult> }>(undefined);

  useEffect(() => {
    const { key } = asked;
    if (key === undefined) return;
    if (key === null) {
      started.current = undefined;
      if (getIdentity()) reset();
      return;
    }
    // `contact` is the one whose content is `key`: this effect runs when the key changes.
    if (started.current?.key !== key) started.current = { key, result: identify(contact!, { force: options?.force }) };
    let live = true;
    const settle = (state: IdentifyState) => live && setAsked({ key, state });
    started.current.result.then(
      ({ status }) => settle({ status, error: null }),
      (error: FeaturebaseError) => settle({ status: 'error', error }),
    );
    // Unmounted, or given another contact: this outcome no longer concerns the component.
    return () => void (live = false);
  }, [asked.key]);

  return asked.state || (typeof asked.key == 'string' ? PENDING : IDLE);
}
