// Featurebase's widgets, messenger and portal take the user's identity as a JWT signed by the
// app's server: the proxy signs one with each identify (featurebaseJwt). This module is all the
// browser does with it: identify's result carries it, an unchanged identify carries the one this
// page got, and with init({ widgets }) it reaches their runtime as featurebase-js hands it over:
// `boot` first, `identify` for a new token, `shutdown` on logout.
// The script-tag core featurebase.umd.js is built with widgets.none.ts in its place (see
// rollup.config.mjs), so none of this costs it a byte; featurebase-widgets.umd.js and the ESM
// entry have it.
import * as v from 'valibot';
import { is } from './contact.js';
import type { Delivered } from './delivery.js';
import { tellFeaturebase } from './environment.js';
import type { IdentifyResult } from './transport.js';

/**
 * The settings of Featurebase's messenger and widgets on this page, for `init({ widgets })`:
 * `appId` (your Featurebase workspace's), and any other setting their `boot` takes (`theme`,
 * `language`, `hideDefaultLauncher`, ...), passed on as they are.
 */
export interface WidgetsOptions {
  /** Your Featurebase workspace's app id (Featurebase: Settings, Installation). */
  appId: string;
  /** Any other setting of Featurebase's `boot`, as their SDK documents it. */
  [setting: string]: unknown;
}

// The token this page got with its last delivery, by contact (serialized): an unchanged identify
// of that contact carries it. Never stored: a token stays with the page it was signed for.
let page: Record<string, string> | undefined;
// The token Featurebase's runtime has from this page; '' before the first and after a shutdown.
let given = '';

/**
 * @param entries - the schema entries of `init`'s options
 * @returns them with `widgets`: `false`, or an object with a non-blank `appId`
 */
export const withWidgetsOption = <T>(entries: T) => ({
  ...entries,
  widgets: v.optional(is<WidgetsOptions | false>((value) => value === false || (typeof value?.appId == 'string' && /\S/.test(value.appId)), 'false or { appId }')),
});

/**
 * @param defaults - `init`'s defaults
 * @returns them with `widgets: false`
 */
export const withWidgetsDefault = <T>(defaults: T) => ({ ...defaults, widgets: false as WidgetsOptions | false });

/**
 * Moves the token out of the endpoint's answer, which carries it beside Featurebase's contact.
 * @param result - a `created` or `updated` result, the endpoint's JSON as its contact
 * @returns the result with the contact as Featurebase stored it and `featurebaseJwt` beside it
 */
export function withToken({ contact, ...result }: IdentifyResult): IdentifyResult {
  const { featurebaseJwt, ...stored } = contact!;
  return { ...result, contact: stored as typeof contact, featurebaseJwt: featurebaseJwt as string | undefined };
}

/**
 * Remembers the token of a delivery for this page, and marks the delivery as signed for the next
 * page, which has no token for it.
 * @param delivered - the delivery about to be stored for dedupe
 * @param result - its result
 * @returns what to store
 */
export function markSigned(delivered: Delivered, { featurebaseJwt }: IdentifyResult): Delivered {
  page = featurebaseJwt ? { [delivered.body]: featurebaseJwt } : undefined;
  return featurebaseJwt ? { ...delivered, signed: true } : delivered;
}

/**
 * @param token - a JWT
 * @returns whether its `exp` is more than a minute away; nothing (false) when there is none to read
 */
const lasts = (token?: string): boolean | void => {
  try {
    return JSON.parse(atob(token!.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).exp * 1e3 > Date.now() + 6e4;
  } catch {
    // no token, or none that reads as a JWT with an exp: not reused
  }
};

/**
 * @param last - the last delivery, for dedupe
 * @returns it, unless it was signed and this page has no token for it that lasts another minute:
 * then the contact is sent again, for a new token
 */
export const dedupable = (last: Delivered | undefined) => (last && (!last.signed || lasts(page?.[last.body])) ? last : undefined);

/**
 * @param body - the serialized contact
 * @returns the result of an unchanged identify of it, with the token this page got for it
 */
export const unchangedResult = (body: string): IdentifyResult =>
  page?.[body] ? { status: 'unchanged', featurebaseJwt: page[body] } : { status: 'unchanged' };

/**
 * Hands a new token to Featurebase's runtime, once, when `init({ widgets })` asks for it:
 * `boot` with the first, `identify` with each later one.
 * @param widgets - the `widgets` setting in force
 * @param token - the `featurebaseJwt` of an identify's result, if any
 */
export function passToken(widgets: WidgetsOptions | false, token?: string): void {
  if (widgets && token && token != given) tellFeaturebase(given ? 'identify' : 'boot', { ...widgets, featurebaseJwt: (given = token) });
}

/**
 * Forgets this page's token, and logs the user out of Featurebase's runtime too when this page
 * handed it one (whatever `init({ widgets })` says now): a messenger the page booted on its own,
 * anonymous, is not this SDK's to end.
 */
export function forgetToken(): void {
  page = undefined;
  if (given) {
    given = '';
    tellFeaturebase('shutdown');
  }
}
