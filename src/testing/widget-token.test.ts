// @vitest-environment node
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { verifyWidgetToken } from './index.js';

const SECRET = 'fb_jwt_secret_for_the_helper_test';
const key = (secret = SECRET) => new TextEncoder().encode(secret);
const sign = (claims: object, { alg = 'HS256', secret = SECRET, iat = true, exp = '1h' as string | false } = {}) => {
  let jwt = new SignJWT({ ...claims }).setProtectedHeader({ alg });
  if (iat) jwt = jwt.setIssuedAt();
  if (exp) jwt = jwt.setExpirationTime(exp);
  return jwt.sign(key(secret));
};
afterEach(() => void vi.useRealTimers());

describe('verifyWidgetToken', () => {
  test('resolves to the claims of a token signed with the secret', async () => {
    const claims = await verifyWidgetToken(await sign({ userId: 'usr_1', companies: [{ id: 'acme', companyId: 'acme', name: 'Acme' }] }), SECRET);
    expect(claims).toMatchObject({ userId: 'usr_1', companies: [{ id: 'acme', companyId: 'acme', name: 'Acme' }] });
    expect(claims.exp - claims.iat).toBe(3600);
  });

  test.each([
    ['another secret', () => sign({ userId: 'usr_1' }, { secret: 'another_secret_entirely' }), /refused: it is not signed with this secret/],
    ['HS512', () => sign({ userId: 'usr_1' }, { alg: 'HS512' }), /refused: it is not signed with HS256/],
    ['no signature at all', async () => new UnsecuredJWT({ userId: 'usr_1' }).setIssuedAt().setExpirationTime('1h').encode(), /refused: it is not signed with HS256/],
    ['no exp', () => sign({ userId: 'usr_1' }, { exp: false }), /refused: its "exp" claim is wrong or missing/],
    ['no iat', () => sign({ userId: 'usr_1' }, { iat: false }), /refused: its "iat" claim is wrong or missing/],
    ['not a JWT', async () => 'not.a.jwt', /refused: it is no valid JWT/],
  ])('rejects a token with %s, saying why', async (_, token, reason) => {
    await expect(verifyWidgetToken(await token(), SECRET)).rejects.toThrow(reason);
  });

  test('rejects an expired token', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const token = await sign({ userId: 'usr_1' });
    vi.advanceTimersByTime(3601_000);
    await expect(verifyWidgetToken(token, SECRET)).rejects.toThrow(/refused: it expired \(exp \d+\)/);
  });
});
