import * as v from 'valibot';

// Every limit below comes from Featurebase's POST /v2/contacts reference
// (shared/reference/featurebase-contacts-api.txt). The browser, the proxy and the emulator all
// validate with these schemas, so a limit lives here and nowhere else. Hand-written checks stand
// in for valibot's union() and record() where those would cost the script-tag bundle bytes.

/** A valibot schema that accepts what `ok` accepts; the message reads `Expected <expected>`. */
export const is = <T>(ok: (value: any) => boolean, expected: string) => v.custom<T>(ok, 'Expected ' + expected);

/**
 * A string of at most `max` characters that matches `pattern`: one custom() check rather than
 * valibot's string(), maxLength() and regex() in a pipe, which would cost the script-tag bundle bytes.
 */
export const text = (max = Infinity, expected = 'a string', pattern = /^/) =>
  is<string>(
    (value) => typeof value == 'string' && value.length <= max && pattern.test(value),
    expected + (max < Infinity ? ` of at most ${max} characters` : ''),
  );
/** A string with something besides white space, of at most `max` characters. */
export const requiredText = (max?: number) => text(max, 'a non-blank string', /\S/);
const httpUrl = (max?: number) => text(max, 'an absolute http(s) URL', /^https?:\/\/[^\s/?#.][^\s/?#]*([/?#]\S*)?$/i);
// valibot's EMAIL_REGEX, written shorter: the i flag for A-Z, no u flag (so \w stays ASCII).
const email = /^[\w+-]+(\.[\w+-]+)*@[\da-z]+([.-][\da-z]+)*\.[a-z]{2,}$/i;
/** A finite number, 0 or more. */
export const amount = is<number>((value) => Number.isFinite(value) && value >= 0, 'a finite number >= 0');

/**
 * An ISO 8601 date-time with seconds and a time zone (`Z` or `+hh:mm`), every field in range; or
 * a `Date` whose ISO string (what JSON sends, so no transform is needed) is one. The date and time
 * must come back unchanged from a `Date`: `Date.parse` alone rolls `2024-02-30` over to March 1
 * and `T24:00` to the next day.
 */
const timestamp = is<string | Date>(
  (value, iso = value instanceof Date ? value.toJSON() : value) =>
    typeof iso == 'string' &&
    /^\d{4}(-\d\d){2}T\d\d(:\d\d){2}(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/.test(iso) &&
    new Date(iso.slice(0, 19) + 'Z').toJSON()?.slice(0, 19) == iso.slice(0, 19),
  'an ISO 8601 date-time (2024-01-15T10:30:00Z) or a Date',
);

/** One value of `customFields`. */
export type CustomFieldValue = string | number | boolean | null | (string | number | boolean | null)[];

/** Tells a plain object (`{}`, `Object.create(null)`) from arrays, dates, functions and other built-ins, by tag (across realms too). */
export const isPlainObject = (value: unknown) => ({}).toString.call(value) == '[object Object]';

const isPrimitive = (value: unknown) =>
  value === null || typeof value == 'string' || typeof value == 'boolean' || Number.isFinite(value);

// valibot's record() would silently drop these keys; refuse them instead, so nothing vanishes unseen.
const reserved = /^(__proto__|constructor|prototype)$/;

/**
 * Finds the first key of a customFields object that Featurebase would not take. `[value].flat()`
 * is the value itself, or an array's items: an array inside an array stays and is refused.
 */
const badField = (fields: any) => Object.keys(fields).find((key) => reserved.test(key) || ![fields[key]].flat().every(isPrimitive));

const customFields = v.custom<Record<string, CustomFieldValue>>(
  (value) => isPlainObject(value) && badField(value) == null,
  (issue) =>
    isPlainObject(issue.input)
      ? `"${badField(issue.input)}" is reserved, or not a string, finite number, boolean, null or array of those`
      : 'Expected a plain object',
);

/**
 * The message of a strict object's issues: valibot reports an unknown key with `expected: never`,
 * a missing required key with a path, and anything that is no object without one.
 */
export const objectIssue = (issue: v.BaseIssue<unknown>) =>
  issue.expected == 'never'
    ? 'Unknown key' + (issue.input == 'id' ? ': did you mean "userId"?' : '')
    : issue.path
      ? 'Required'
      : 'Expected an object';

/** One company of a contact, as Featurebase's contacts API takes it. */
export const Company = v.strictObject(
  {
    id: requiredText(500),
    name: requiredText(500),
    companyHash: v.optional(text(256)),
    companySize: v.optional(amount),
    createdAt: v.optional(timestamp),
    customFields: v.optional(customFields),
    industry: v.optional(text(500)),
    monthlySpend: v.optional(amount),
    plan: v.optional(text(500)),
    website: v.optional(httpUrl(500)),
  },
  objectIssue,
);

/** The contact's fields, without the rule that needs email or userId (see {@link hasIdentity}). */
export const ContactObject = v.strictObject(
  {
    email: v.optional(text(500, 'an email address', email)),
    userId: v.optional(requiredText(500)),
    name: v.optional(text(500)),
    profilePicture: v.optional(httpUrl()),
    phone: v.optional(text(500)),
    locale: v.optional(text(10)),
    roles: v.optional(v.array(text())),
    userHash: v.optional(text(256)),
    subscribedToChangelog: v.optional(is<boolean>((value) => typeof value == 'boolean', 'true or false')),
    createdAt: v.optional(timestamp),
    customFields: v.optional(customFields),
    companies: v.optional(v.array(Company)),
  },
  objectIssue,
);

/** The rule a contact's fields alone cannot express. */
export const hasIdentity = (contact: { email?: string; userId?: string }) => contact.email != null || contact.userId != null;

/** The message when {@link hasIdentity} fails. */
export const NO_IDENTITY = 'Either email or userId is required';

/**
 * A contact, as Featurebase's `POST /v2/contacts` takes it: the one schema of this SDK, for your
 * own valibot code (`v.parse(Contact, input)`). `validateContact` applies the same rules.
 */
export const Contact = v.pipe(ContactObject, v.check<v.InferOutput<typeof ContactObject>, typeof NO_IDENTITY>(hasIdentity, NO_IDENTITY));

type InferredContact = v.InferInput<typeof Contact>;

/**
 * What `identify` accepts: every field of Featurebase's contacts API, with `email`, `userId` or both.
 * `createdAt` may be a `Date`.
 */
export type ContactInput = Omit<InferredContact, 'email' | 'userId'> &
  ({ email: string; userId?: string } | { email?: string; userId: string });

/** A validated contact, exactly as it is sent: dates are ISO strings. */
export type ContactOutput = v.InferOutput<typeof Contact>;

/** One company in {@link ContactInput}. */
export type CompanyInput = v.InferInput<typeof Company>;
