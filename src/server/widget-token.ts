// The featurebaseJwt: the token Featurebase's widgets, messenger and portal take for the signed-in
// user, signed here with the workspace's JWT secret, from the contact the proxy has just forwarded.
// jose signs it (Web Crypto underneath, so Node and edge runtimes alike); it is never stored, so a
// remembered answer (dedupe, replay) gets a token signed for its own request.
import { SignJWT } from 'jose';
import { Company, ContactObject, type ContactOutput } from '../contact.js';
import type { Answer } from './errors.js';
import { checkIdentity } from './guard.js';
import type { SignedInUser } from './session.js';

/** A company in the token: its fields as forwarded, its custom fields beside them. */
export interface WidgetTokenCompany {
  /** Your company id, as in the contact (Featurebase's JWT guide names it `id`). */
  id: string;
  /** The same id again (Featurebase's newer SDK guide names it `companyId`). */
  companyId: string;
  name: string;
  monthlySpend?: number;
  createdAt?: string;
  companySize?: number;
  industry?: string;
  plan?: string;
  website?: string;
  /** The company's custom fields, each a top-level attribute. */
  [attribute: string]: unknown;
}

/** What the widgets' token says about the signed-in user. */
export interface WidgetTokenClaims {
  userId?: string;
  email?: string;
  name?: string;
  profilePicture?: string;
  locale?: string;
  companies?: WidgetTokenCompany[];
  /** Issued at, in seconds since the epoch. */
  iat: number;
  /** Expires at, in seconds since the epoch: `iat` + `jwtExpiresInSeconds`. */
  exp: number;
  /** The contact's custom fields, each a top-level attribute. */
  [attribute: string]: unknown;
}

/** Default of `jwtExpiresInSeconds`: one hour. */
export const DEFAULT_JWT_EXPIRES_IN_SECONDS = 3600;

/** The contact's fields the token carries, as they are. */
const USER_FIELDS = ['userId', 'email', 'name', 'profilePicture', 'locale'] as const;
/** A company's fields the token carries, as they are (not its `companyHash`). */
const COMPANY_FIELDS = ['id', 'name', 'monthlySpend', 'createdAt', 'companySize', 'industry', 'plan', 'website'] as const;

// A custom field may not pose as a claim: neither as one of the JWT's own (RFC 7519), nor as a
// field Featurebase knows by that name (the contacts API's, and the JWT guide's `tags`), which
// it would read as that field. The real field, or nothing, is what the token says.
const REGISTERED = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti'];
const RESERVED_FOR_USER = new Set([...REGISTERED, ...Object.keys(ContactObject.entries), 'tags']);
const RESERVED_FOR_COMPANY = new Set([...REGISTERED, ...Object.keys(Company.entries), 'companyId']);

type Fields = Record<string, unknown>;

/**
 * Copies `names` of `from` that are set, then the custom fields whose names are free.
 * @param from - the contact or a company
 * @param names - the fields to copy
 * @param reserved - names a custom field may not take
 * @param skip - called with each custom field left out
 * @returns the claims
 */
function claimsOf(from: Fields, names: readonly string[], reserved: Set<string>, skip: (name: string) => void): Fields {
  const claims: Fields = {};
  for (const name of names) if (from[name] !== undefined) claims[name] = from[name];
  for (const [name, value] of Object.entries((from.customFields as Fields | undefined) || {})) {
    if (reserved.has(name)) skip(name);
    else claims[name] = value;
  }
  return claims;
}

/**
 * Makes the signer of a handler created with `jwtSecret`.
 * @param secret - the workspace's JWT secret (Featurebase: Settings, Security)
 * @param expiresInSeconds - the token's life, `exp` - `iat`
 * @returns `addWidgetToken(answer, contact, user)`: the answer with `featurebaseJwt` beside the
 * contact, for a 2xx answer to a signed-in user whose contact is theirs; else the answer as it is
 */
export function createWidgetTokens(secret: string, expiresInSeconds: number) {
  const key = new TextEncoder().encode(secret);
  // Bounded: the reserved names are a fixed set.
  const warned = new Set<string>();
  const skip = (path: string) => {
    if (warned.has(path)) return;
    warned.add(path);
    console.warn(`[featurebase] ${path} is left out of featurebaseJwt: the token has a claim of that name. It was forwarded to the contacts API as it is.`);
  };
  let loggedOtherUser = false;

  /**
   * @param contact - the contact as forwarded, after `enrich`
   * @returns the claims, without `iat` and `exp`
   */
  function claims(contact: ContactOutput): Fields {
    const user = claimsOf(contact, USER_FIELDS, RESERVED_FOR_USER, (name) => skip(`customFields.${name}`));
    if (contact.companies) {
      user.companies = contact.companies.map((company) => {
        const { id, ...rest } = claimsOf(company, COMPANY_FIELDS, RESERVED_FOR_COMPANY, (name) => skip(`companies[].customFields.${name}`));
        // Featurebase's guides name the id `id` (JWT guide) and `companyId` (SDK guide): both, the same.
        return { id, companyId: id, ...rest };
      });
    }
    return user;
  }

  return async function addWidgetToken(answer: Answer, contact: ContactOutput, user: SignedInUser | null): Promise<Answer> {
    // Never for identifiers the browser chose (no session), never with a refusal or a failure.
    if (!user || answer.status >= 300 || answer.body == null) return answer;
    try {
      checkIdentity(contact, user);
    } catch {
      if (!loggedOtherUser) console.error("[featurebase] enrich returned a contact whose userId or email resolveUser did not return for the signed-in user: it was forwarded, but no featurebaseJwt is signed for it (if enrich adds a userId, have resolveUser return it too)");
      loggedOtherUser = true;
      return answer;
    }
    const iat = Math.floor(Date.now() / 1000);
    const featurebaseJwt = await new SignJWT(claims(contact))
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + expiresInSeconds)
      .sign(key);
    return { ...answer, body: JSON.stringify({ ...JSON.parse(answer.body), featurebaseJwt }) };
  };
}
