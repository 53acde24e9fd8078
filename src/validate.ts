import { Contact, type ContactOutput } from './contact.js';
import { FeaturebaseError, type ContactIssue } from './errors.js';

type PathItem = PropertyKey | { key: PropertyKey };

/**
 * Formats an issue path the way a developer writes it: `companies[0].name`.
 * @param path - a Standard Schema issue path
 * @returns the path, or `email` for the object-level "email or userId" rule
 */
function format(path: readonly PathItem[] = []): string {
  let out = '';
  for (const item of path) {
    const key = item instanceof Object ? item.key : item;
    out += typeof key == 'number' ? `[${key}]` : (out && '.') + String(key);
  }
  return out || 'email';
}

/**
 * Validates a contact against Featurebase's contacts API.
 * @param input - whatever the caller passed to identify
 * @returns the contact exactly as it should be sent
 * @throws FeaturebaseError with code `invalid_contact` naming every failing field
 */
export function validateContact(input: unknown): ContactOutput {
  // Standard Schema's validate spares the bundle valibot's safeParse; sync for these schemas.
  const result = Contact['~standard'].validate(input) as { value: ContactOutput; issues?: { message: string; path?: PathItem[] }[] };
  if (!result.issues) return result.value;
  const issues: ContactIssue[] = result.issues.map((issue) => ({ path: format(issue.path), message: issue.message }));
  throw new FeaturebaseError('invalid_contact', issues.map((issue) => issue.path + ': ' + issue.message).join('; '), {
    issues,
    param: issues[0].path,
  });
}
