import type { ContactOutput } from '../contact.js';
import { Refusal } from './errors.js';
import type { SignedInUser } from './session.js';

/**
 * Refuses a contact with more than `max` companies.
 * @param contact - a validated contact
 * @param max - the `maxCompanies` option
 * @returns a message naming the limit, or undefined when within it
 */
export function tooManyCompanies(contact: ContactOutput, max: number): string | undefined {
  const count = (contact.companies || []).length;
  if (count > max) return `companies has ${count} companies, more than maxCompanies (${max})`;
}

/**
 * With `browserMaySet: ['companies']`, lets the browser name only companies the server vouches
 * for: those in the session's `companyIds`. A company outside them would link the user to
 * another customer's company: Featurebase's answer would show the user that company's spend,
 * plan and custom fields, the request would overwrite its shared record, and `identitySecret`
 * would sign it.
 * @param contact - the browser's validated contact
 * @param user - the signed-in user (null only with `allowUnauthenticated`)
 * @throws Refusal 403 `company_not_allowed` naming the first such company's id
 */
export function checkMembership(contact: ContactOutput, user: SignedInUser | null): void {
  const ids = (user && user.companyIds) || [];
  const index = (contact.companies || []).findIndex((company) => !ids.includes(company.id));
  if (index < 0) return;
  const param = `companies[${index}].id`;
  throw new Refusal(403, 'company_not_allowed', `${param} is not a company the signed-in user belongs to (resolveUser's companyIds)`, param);
}
