// An oracle for "would Featurebase's POST /v2/contacts take this contact, as README.md tightens
// it?", written from /work/shared/reference/featurebase-contacts-api.txt and README's contact
// table, and on purpose not from src/contact.ts: no valibot, no regex or helper shared with the
// SDK. The property test holds the SDK to it.

type Rule = (value: unknown) => boolean;

const string = (max: number): Rule => (value) => typeof value == 'string' && value.length <= max;
const notBlank = (max: number): Rule => (value) => string(max)(value) && (value as string).trim() !== '';
const nonNegative: Rule = (value) => typeof value == 'number' && Number.isFinite(value) && value >= 0;
const plain = (value: unknown): value is Record<string, unknown> =>
  typeof value == 'object' && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value));

// "format email": one @, a local part of dot-separated words of letters, digits, _ + and -, a
// domain of dot-separated labels (letters and digits, inner hyphens), ending in 2+ letters.
const emailAddress: Rule = (value) => {
  if (!string(500)(value)) return false;
  const parts = (value as string).split('@');
  if (parts.length != 2) return false;
  const [local, domain] = parts;
  const word = (part: string) => part.length > 0 && [...part].every((c) => /[A-Za-z0-9_+-]/.test(c));
  const label = (part: string) => part.length > 0 && [...part].every((c) => /[A-Za-z0-9-]/.test(c)) && part[0] != '-' && !part.endsWith('-');
  const labels = domain.split('.');
  return local.split('.').every(word) && labels.length > 1 && labels.every(label) && /^[A-Za-z]{2,}$/.test(labels[labels.length - 1]);
};

// "format uri", and README: absolute, http or https only, no white space.
const webUrl = (max: number): Rule => (value) => {
  if (!string(max)(value) || /\s/.test(value as string) || !URL.canParse(value as string)) return false;
  const url = new URL(value as string);
  return (url.protocol == 'http:' || url.protocol == 'https:') && url.hostname != '' && /^https?:\/\/[^/.]/i.test(value as string);
};

// "ISO 8601", README: date, T, time with seconds, optional fraction, Z or ±hh:mm; every field in range.
const daysIn = (year: number, month: number) =>
  month == 2 ? (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
const isoDateTime = (text: string) => {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const [offsetHours = 0, offsetMinutes = 0] = [match[9], match[10]].map((part) => (part === undefined ? 0 : Number(part)));
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) && hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 23 && offsetMinutes <= 59;
};
// ...or a valid Date, sent as its ISO string, which must then be such a date-time.
const timestamp: Rule = (value) =>
  typeof value == 'string' ? isoDateTime(value) : value instanceof Date && !isNaN(value.getTime()) && isoDateTime(value.toISOString());

// "Values can be string, number, boolean, null, or array of primitives"; numbers finite; README
// refuses the keys that would reach an object's prototype.
const primitive = (value: unknown) => value === null || ['string', 'boolean'].includes(typeof value) || (typeof value == 'number' && Number.isFinite(value));
const customFields: Rule = (value) =>
  plain(value) &&
  Object.keys(value).every(
    (key) => !['__proto__', 'constructor', 'prototype'].includes(key) && (primitive(value[key]) || (Array.isArray(value[key]) && (value[key] as unknown[]).every(primitive))),
  );

const arrayOf = (item: Rule): Rule => (value) => Array.isArray(value) && value.every(item);

/** Every field, its rule, and whether it is required; any other key is refused. */
const object = (fields: Record<string, [Rule, boolean?]>): Rule => (value) =>
  plain(value) &&
  Object.keys(value).every((key) => Object.hasOwn(fields, key)) &&
  Object.entries(fields).every(([key, [rule, required]]) => (value[key] === undefined ? !required : rule(value[key])));

const company = object({
  id: [notBlank(500), true],
  name: [notBlank(500), true],
  companyHash: [string(256)],
  companySize: [nonNegative],
  createdAt: [timestamp],
  customFields: [customFields],
  industry: [string(500)],
  monthlySpend: [nonNegative],
  plan: [string(500)],
  website: [webUrl(500)],
});

const contactFields = object({
  email: [emailAddress],
  userId: [notBlank(500)],
  name: [string(500)],
  profilePicture: [webUrl(Infinity)],
  phone: [string(500)],
  locale: [string(10)],
  roles: [arrayOf((role) => typeof role == 'string')],
  userHash: [string(256)],
  subscribedToChangelog: [(value) => typeof value == 'boolean'],
  createdAt: [timestamp],
  customFields: [customFields],
  companies: [arrayOf(company)],
});

/**
 * @param input - anything
 * @returns whether the contacts API, as README tightens it, takes `input` as a contact: its fields
 * valid and "at least one of email or userId"
 */
export const acceptable = (input: unknown): boolean =>
  contactFields(input) && ((input as Record<string, unknown>).email !== undefined || (input as Record<string, unknown>).userId !== undefined);
