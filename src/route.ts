import { ContactObject } from './contact.js';

/**
 * Tells whose `Featurebase('identify', payload)` is: this SDK's, or Featurebase's widget SDK's,
 * which has an `identify` of its own on the same global.
 * - A contact (`email` or `userId`, and only the contacts API's keys) is ours, `{ email, name }` included.
 * - A payload that names a Featurebase workspace (`organization`, `appId`: their snippet and
 *   featurebase-js always send one of them) is theirs, even before their SDK shows up.
 * - Anything else (`{}`, featurebase-js's `{ userId, featurebaseJwt }`, a contact with an unknown
 *   key) is theirs when their SDK is on the page, and ours otherwise, so a mistake gets
 *   `invalid_contact` rather than silence.
 * `Featurebase.identify(...)`, the method, is always ours and never asks.
 * @param payload - the argument after `'identify'`
 * @param widgetsOnPage - whether Featurebase's widget SDK is on the page; asked only for a payload that is neither
 * @returns true when this SDK should run it
 */
export function isOwnIdentify(payload: unknown, widgetsOnPage: () => unknown): boolean {
  const object = Object(payload);
  return (
    ((object.email ?? object.userId) != null && Object.keys(object).every((key) => Object.hasOwn(ContactObject.entries, key))) ||
    !('organization' in object || 'appId' in object || widgetsOnPage())
  );
}
