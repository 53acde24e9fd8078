import { ContactObject, hasIdentity, NO_IDENTITY, type ContactOutput } from './contact.js';
import { FeaturebaseError, type ContactIssue } from './errors.js';

type Issue = { message: string; path?: readonly { key: string | number }[] };

/**
 * Formats a valibot issue's path the way a developer writes it: `companies[0].name`.
 * @param issue - a Standard Schema issue from valibot, whose path items are objects with a key
 * @returns the path, or '' for the contact itself
 */
const format = ({ path = [] }: Issue) =>
  path.map(({ key }) => (typeof key == 'number' ? `[${key}]` : '.' + key)).join('').slice(1);

/**
 * Validates a contact against Featurebase's contacts API: {@link ContactObject}'s fields, then
 * email or userId (the `Contact` schema's rule; reported at path `email`).
 * @param input - whatever the caller passed to identify
 * @returns the contact exactly as it should be sent
 * @throws FeaturebaseError with code `invalid_contact` naming every failing field
 */
export function validateContact(input: unknown): ContactOutput {
  // Standard Schema's validate spares the bundle valibot's safeParse; sync for these schemas.
  const { value, issues: failed } = ContactObject['~standard'].validate(input) as { value: ContactOutput; issues?: Issue[] };
  const issues: ContactIssue[] = failed
    ? failed.map((issue) => ({ path: format(issue), message: issue.message }))
    : hasIdentity(value)
      ? []
      : [{ path: 'email', message: NO_IDENTITY }];
  if (!issues[0]) return value;
  throw new FeaturebaseError('invalid_contact', issues.map((issue) => (issue.path || 'contact') + ': ' + issue.message).join('; '), {
    issues,
    param: issues[0].path,
  });
}
