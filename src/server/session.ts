import { misconfiguredRefusal, type Refusal } from './errors.js';
import type { SessionUser } from './options.js';

/** The signed-in user as the handler uses it: identifiers as strings, blank ones left out. */
export interface SignedInUser {
  /** The contact's `userId`. */
  userId?: string;
  /** The contact's `email`. */
  email?: string;
  /** The companies the user belongs to (`SessionUser.companyIds`), as strings. */
  companyIds?: readonly string[];
}

const logged = new Set<string>();

/**
 * Logs a configuration error once per process: a broken `resolveUser` fails every request, and
 * one line says why as well as a thousand.
 * @param message - what is wrong and how to fix it
 * @returns the 500 `misconfigured` to answer
 */
export function misconfigured(message: string): Refusal {
  if (!logged.has(message)) logged.add(message), console.error(`[featurebase] ${message}`);
  return misconfiguredRefusal();
}

/**
 * An identifier from `resolveUser` as a string: strings as they are (blank means none), integers
 * as their decimal string where `numbers` allows.
 * @param value - the value returned
 * @param name - what it is, for the log line
 * @param numbers - whether an integer is an identifier here
 * @returns the string, or undefined for none
 * @throws Refusal 500 `misconfigured` for anything else
 */
function identifier(value: unknown, name: string, numbers: boolean): string | undefined {
  if (value == null || (typeof value == 'string' && !value.trim())) return;
  if (typeof value == 'string') return value;
  if (numbers && (typeof value == 'bigint' || Number.isSafeInteger(value))) return String(value);
  const kind = typeof value == 'number' ? 'a number that is not an integer' : `a value of type ${typeof value}`;
  throw misconfigured(`resolveUser returned ${kind} as ${name}: return ${numbers ? 'a string or an integer' : 'a string'}`);
}

/**
 * Checks and normalizes what `resolveUser` returned.
 * @param resolved - its result
 * @returns the signed-in user, or null when nobody is (no identifier)
 * @throws Refusal 500 `misconfigured` when an identifier or `companyIds` has the wrong type
 */
export function signedInUser(resolved: SessionUser | null | undefined): SignedInUser | null {
  if (resolved == null) return null;
  if (typeof resolved != 'object') throw misconfigured(`resolveUser returned a value of type ${typeof resolved}: return { userId, email } or null`);
  const userId = identifier(resolved.userId, 'userId', true);
  const email = identifier(resolved.email, 'email', false);
  const { companyIds } = resolved;
  if (companyIds != null && !Array.isArray(companyIds)) throw misconfigured(`resolveUser returned companyIds of type ${typeof companyIds}: return an array of ids`);
  if (userId == null && email == null) return null;
  const ids = companyIds && companyIds.map((id) => identifier(id, 'a company id', true)).filter((id) => id != null);
  return { userId, email, ...(ids && { companyIds: ids }) };
}
