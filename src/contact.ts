import * as v from 'valibot';

// Every limit below comes from Featurebase's POST /v2/contacts reference
// (shared/reference/featurebase-contacts-api.txt). The browser, the proxy and the emulator all
// validate with these schemas, so a limit lives here and nowhere else. Hand-written checks stand
// in for valibot's union() and record() where those would cost the script-tag bundle bytes.

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const notBlank = v.regex(/\S/, 'Must not be blank');
const requiredText = (max: number) => v.pipe(v.string(), notBlank, v.maxLength(max));
const amount = v.custom<number>((n) => typeof n == 'number' && isFinite(n) && n >= 0, 'Expected a finite number >= 0');

const httpUrl = v.pipe(
  v.string(),
  v.regex(/^https?:\/\/[^\s/?#.][^\s/?#]*(?:[/?#]\S*)?$/i, 'Expected an absolute http(s) URL'),
);

/**
 * ISO 8601 date-time with a time zone. A valid `Date` is accepted too: JSON sends it as its ISO
 * string, so no transform is needed.
 */
const timestamp = v.custom<string | Date>(
  (value) => (value instanceof Date ? value.getTime() === value.getTime() : typeof value == 'string' && v.ISO_TIMESTAMP_REGEX.test(value)),
  'Expected an ISO 8601 date-time (2024-01-15T10:30:00Z) or a Date',
);

/** One value of `customFields`. */
export type CustomFieldValue = string | number | boolean | null | (string | number | boolean | null)[];

const isPrimitive = (value: unknown) =>
  value === null || /^[sb]/.test(typeof value) || (typeof value == 'number' && isFinite(value));

// valibot's record() would silently drop these keys; refuse them instead, so nothing vanishes unseen.
const reserved = /^(__proto__|constructor|prototype)$/;

/** Finds the first key of a customFields object that Featurebase would not take. */
const badField = (fields: any) =>
  Object.keys(fields).find(
    (key) => reserved.test(key) || !(isPrimitive(fields[key]) || (Array.isArray(fields[key]) && fields[key].every(isPrimitive))),
  );

const customFields = v.custom<Record<string, CustomFieldValue>>(
  (value) => ({}).toString.call(value) == '[object Object]' && badField(value) == null,
  (issue) =>
    ({}).toString.call(issue.input) == '[object Object]'
      ? `"${badField(issue.input)}" must not be a reserved key, and its value must be a string, finite number, boolean, null, or an array of those`
      : 'Expected a plain object',
);

const unknownKey = (issue: v.BaseIssue<unknown>) => 'Unknown key' + (issue.input == 'id' ? ': did you mean "userId"?' : '');

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
    website: v.optional(v.pipe(httpUrl, v.maxLength(500))),
  },
  unknownKey,
);

/** The contact's fields, before the rule that needs email or userId. */
const ContactObject = v.strictObject(
  {
    email: v.optional(v.pipe(v.string(), v.maxLength(500), v.regex(v.EMAIL_REGEX, 'Expected an email address'))),
    userId: v.optional(requiredText(500)),
    name: v.optional(text(500)),
    profilePicture: v.optional(httpUrl),
    phone: v.optional(text(500)),
    locale: v.optional(text(10)),
    roles: v.optional(v.array(v.string())),
    userHash: v.optional(text(256)),
    subscribedToChangelog: v.optional(v.custom<boolean>((value) => typeof value == 'boolean', 'Expected true or false')),
    createdAt: v.optional(timestamp),
    customFields: v.optional(customFields),
    companies: v.optional(v.array(Company)),
  },
  unknownKey,
);

/** A contact, as Featurebase's `POST /v2/contacts` takes it: the one schema of this SDK. */
export const Contact = v.pipe(
  ContactObject,
  // custom() rather than check(): the bundle carries custom() already; check() would cost bytes.
  v.custom<v.InferOutput<typeof ContactObject>>((contact: any) => contact.email != null || contact.userId != null, 'Either email or userId is required'),
);

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
