// Checks the featurebaseJwt the proxy signs for Featurebase's widgets, as Featurebase would: the
// signature with the workspace's JWT secret, HS256 only, and the time claims.
import { errors, jwtVerify } from 'jose';
import type { WidgetTokenClaims } from '../server/widget-token.js';

/**
 * Why jose refused a token, in words that say what to check.
 * @param error - what jwtVerify threw
 * @returns the reason
 */
function reasonOf(error: unknown): string {
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'it is not signed with this secret';
  if (error instanceof errors.JWTExpired) return `it expired (exp ${error.payload.exp})`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'it is not signed with HS256';
  if (error instanceof errors.JWTClaimValidationFailed) return `its "${error.claim}" claim is wrong or missing (${error.reason})`;
  if (error instanceof errors.JOSEError) return `it is no valid JWT (${error.code})`;
  return `it could not be checked (${error instanceof Error ? error.message : String(error)})`;
}

/**
 * Verifies a `featurebaseJwt` the way Featurebase's widgets do: an HS256 signature made with
 * the workspace's JWT secret, an `iat`, and an `exp` still to come. For tests and demos: the
 * secret is your server's, never the browser's.
 * @param token - `result.featurebaseJwt` from `identify`, or the proxy's answer
 * @param secret - the `jwtSecret` the proxy signs with
 * @returns the token's claims: the user, their companies, custom fields, `iat` and `exp`
 * @throws Error, `[featurebase]`-prefixed, saying why the token is refused (the cause attached)
 * @example
 * const { featurebaseJwt } = await identify({ userId: 'usr_1', name: 'Ada' });
 * const claims = await verifyWidgetToken(featurebaseJwt!, process.env.FEATUREBASE_JWT_SECRET!);
 * expect(claims).toMatchObject({ userId: 'usr_1', name: 'Ada' });
 */
export async function verifyWidgetToken(token: string, secret: string): Promise<WidgetTokenClaims> {
  try {
    const { payload } = await jwtVerify(String(token), new TextEncoder().encode(secret), { algorithms: ['HS256'], requiredClaims: ['iat', 'exp'] });
    return payload as WidgetTokenClaims;
  } catch (cause) {
    throw new Error(`[featurebase] This featurebaseJwt is refused: ${reasonOf(cause)}`, { cause });
  }
}
