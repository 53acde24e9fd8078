import type { ContactOutput } from '../contact.js';
import { Refusal } from './errors.js';
import type { PrivilegedField } from './options.js';
import type { SignedInUser } from './session.js';

const isPlainObject = (value: unknown): value is Record<string, unknown> => ({}).toString.call(value) == '[object Object]';

/**
 * Fills the identifiers the browser left out from the session, so a page may send just
 * `{ name }`. Identifiers it did send are left for {@link checkIdentity} to compare.
 * @param body - the parsed, not yet validated, body
 * @param user - the signed-in user, or null
 * @returns the body with `userId` and `email` filled in where missing
 */
export function fillIdentifiers(body: unknown, user: SignedInUser | null): unknown {
  if (!user || !isPlainObject(body)) return body;
  // Spread defines own properties, so a `__proto__` key stays data for the schema to refuse.
  const filled = { ...body };
  if (filled.userId === undefined && user.userId != null) filled.userId = user.userId;
  if (filled.email === undefined && user.email != null) filled.email = user.email;
  return filled;
}

/**
 * Finds a privileged field the browser set but may not.
 * @param contact - the validated contact from the browser
 * @param allowed - the fields the browser may set anyway
 * @returns the path of the first refused field, e.g. `companies[0].companyHash`
 */
export function findPrivilegedField(contact: ContactOutput, allowed: readonly PrivilegedField[]): string | undefined {
  for (const field of ['roles', 'userHash', 'companies'] as const) {
    if (contact[field] !== undefined && !allowed.includes(field)) return field;
  }
  if (allowed.includes('companyHash')) return;
  const index = (contact.companies || []).findIndex((company) => company.companyHash !== undefined);
  return index < 0 ? undefined : `companies[${index}].companyHash`;
}

/**
 * Folds A-Z only: `toLowerCase()` would also fold U+212A KELVIN SIGN to `k`, and let a session
 * whose email starts with one pass for another user's.
 * @param email - an email address
 * @returns it with ASCII capitals in lower case
 */
const foldAscii = (email: string) => email.replace(/[A-Z]/g, (letter) => letter.toLowerCase());

/**
 * Refuses a contact that names someone other than the signed-in user: its `userId` and
 * `email` must be the session's (emails compared ignoring ASCII case). The session's own
 * spelling of the email is what is sent.
 * @param contact - the validated contact, identifiers filled in
 * @param user - the signed-in user
 * @returns the contact, with the session's email
 * @throws Refusal 403 `identity_mismatch` naming the field
 */
export function checkIdentity(contact: ContactOutput, user: SignedInUser): ContactOutput {
  if (contact.userId !== undefined && contact.userId !== user.userId) {
    throw new Refusal(403, 'identity_mismatch', 'userId is not the signed-in user\'s', 'userId');
  }
  if (contact.email === undefined) return contact;
  if (user.email == null || foldAscii(contact.email) !== foldAscii(user.email)) {
    throw new Refusal(403, 'identity_mismatch', 'email is not the signed-in user\'s', 'email');
  }
  return { ...contact, email: user.email };
}
