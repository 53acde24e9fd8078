import type * as v from 'valibot';
import { ContactObject, hasIdentity, NO_IDENTITY, type ContactOutput } from './contact.js';
import { FeaturebaseError, type ContactIssue } from './errors.js';

type Issue = { message: string; path?: readonly { key: string | number }[] };

/**
 * Formats a valibot issue's path the way a developer writes it: `companies[0].name`.
 * @param issue - a Standard Schema issue from valibot, whose path items are objects with a key
 * @returns the path, or '' for the value itself
 */
const format = ({ path = [] }: Issue) =>
  path.map(({ key }) => (typeof key == 'number' ? `[${key}]` : '.' + key)).join('').slice(1);

/**
 * @param code - `invalid_contact` or `invalid_options`: an issue at path '' is about the `contact`
 * or the `options` (the code's end)
 * @param issues - every failing field, at least one
 * @throws FeaturebaseError with `code`, `issues`, and `param` the first path
 */
function refuse(code: 'invalid_contact' | 'invalid_options', issues: ContactIssue[]): never {
  throw new FeaturebaseError(code, issues.map((issue) => (issue.path || code.slice(8)) + ': ' + issue.message).join('; '), {
    issues,
    param: issues[0].path,
  });
}

/**
 * Checks `input` against a valibot schema.
 * @param schema - a schema without async parts (Standard Schema's validate is then sync, and spares the bundle valibot's safeParse)
 * @param input - what the caller passed
 * @param code - the error code when it fails
 * @returns the schema's output
 * @throws FeaturebaseError with `code`, naming every failing field
 */
export function check<T>(schema: v.GenericSchema<unknown, T>, input: unknown, code: 'invalid_contact' | 'invalid_options'): T {
  const { value, issues } = schema['~standard'].validate(input) as { value: T; issues?: Issue[] };
  return issues ? refuse(code, issues.map((issue) => ({ path: format(issue), message: issue.message }))) : value;
}

/**
 * Validates a contact against Featurebase's contacts API: {@link ContactObject}'s fields, then
 * email or userId (the `Contact` schema's rule; reported at path `email`).
 * @param input - whatever the caller passed to identify
 * @returns the contact exactly as it should be sent
 * @throws FeaturebaseError with code `invalid_contact` naming every failing field
 */
export function validateContact(input: unknown): ContactOutput {
  const value = check(ContactObject, input, 'invalid_contact');
  return hasIdentity(value) ? value : refuse('invalid_contact', [{ path: 'email', message: NO_IDENTITY }]);
}
