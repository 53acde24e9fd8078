// @vitest-environment node
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { verifyWidgetToken } from '../testing/index.js';
import { createIdentifyHandler } from './handler.js';
import type { IdentifyHandlerOptions } from './options.js';
import { identifyRequest, JWT_SECRET, KEY, SECRET, SESSION, useEmulator } from './test-kit.js';

const setup = useEmulator();
const { call } = setup;
const upstream = () => setup.emulator.requests.filter((r) => r.path === '/v2/contacts').map((r) => r.body as any);
afterEach(() => void vi.useRealTimers());

const USERS: Record<string, { userId: string; email: string }> = {
  ada: SESSION,
  bob: { userId: 'usr_bob', email: 'bob@example.com' },
};
/** A handler signing widget tokens, for the session named by the `x-user` header (ada without one). */
const signing = (overrides: Partial<IdentifyHandlerOptions> = {}) =>
  createIdentifyHandler({
    apiKey: KEY,
    baseUrl: setup.emulator.url,
    jwtSecret: JWT_SECRET,
    resolveUser: (request) => USERS[request.headers.get('x-user') || 'ada'] || null,
    ...overrides,
  });
const as = (user: string, body: unknown, headers: Record<string, string> = {}) => identifyRequest(body, { headers: { 'x-user': user, ...headers } });
const secret = new TextEncoder().encode(JWT_SECRET);

describe('featurebaseJwt', () => {
  test('beside the contact: HS256, verified with the secret and refused with another', async () => {
    const { status, body, headers } = await call(signing(), as('ada', { name: 'Ada' }));
    expect(status).toBe(201);
    const { featurebaseJwt, ...contact } = body;
    expect(contact).toMatchObject({ object: 'contact', userId: 'usr_ada', email: 'ada@example.com', name: 'Ada' });
    expect(decodeProtectedHeader(featurebaseJwt)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(featurebaseJwt, secret, { algorithms: ['HS256'] });
    expect(payload).toMatchObject({ userId: 'usr_ada', email: 'ada@example.com', name: 'Ada' });
    await expect(jwtVerify(featurebaseJwt, new TextEncoder().encode('another_secret_0123456789'))).rejects.toThrow(/signature/);
    await expect(verifyWidgetToken(featurebaseJwt, 'another_secret_0123456789')).rejects.toThrow(/\[featurebase\] .*refused: it is not signed with this secret/);
    // Only the body carries it: no header does.
    expect([...headers].some(([, value]) => value.includes(featurebaseJwt))).toBe(false);
    expect(headers.get('cache-control')).toBe('no-store');
  });

  test('its claims are the contact as forwarded, after enrich: custom fields on top, companies with theirs', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T12:00:00Z'));
    const handle = signing({
      enrich: (contact) => ({
        ...contact,
        roles: ['admin'],
        customFields: { ...contact.customFields, plan: 'pro', seats: 5 },
        companies: [{ id: 'acme', name: 'Acme', monthlySpend: 500, plan: 'enterprise', createdAt: '2023-05-19T15:35:49Z', customFields: { region: 'eu' } }],
      }),
    });
    const sent = { name: 'Ada', locale: 'en', profilePicture: 'https://example.com/ada.png', phone: '+1 555', customFields: { title: 'PM', tags2: ['a', 'b'] } };
    const { body } = await call(handle, as('ada', sent));
    const [forwarded] = upstream();
    const claims = await verifyWidgetToken(body.featurebaseJwt, JWT_SECRET);
    const iat = Date.parse('2026-03-01T12:00:00Z') / 1000;
    expect(claims).toEqual({
      userId: forwarded.userId,
      email: forwarded.email,
      name: 'Ada',
      profilePicture: 'https://example.com/ada.png',
      locale: 'en',
      title: 'PM',
      tags2: ['a', 'b'],
      plan: 'pro',
      seats: 5,
      companies: [{ id: 'acme', companyId: 'acme', name: 'Acme', monthlySpend: 500, plan: 'enterprise', createdAt: '2023-05-19T15:35:49Z', region: 'eu' }],
      iat,
      exp: iat + 3600,
    });
    // What the contacts API alone takes stays out of the token: phone, roles, the hashes.
    expect(forwarded).toMatchObject({ phone: '+1 555', roles: ['admin'] });
  });

  test('the identity hashes of identitySecret stay out of it', async () => {
    const { body } = await call(signing({ identitySecret: SECRET, enrich: (c) => ({ ...c, companies: [{ id: 'acme', name: 'Acme' }] }) }), as('ada', { name: 'Ada' }));
    expect(upstream()[0]).toHaveProperty('userHash');
    const claims = decodeJwt(body.featurebaseJwt);
    expect(claims).not.toHaveProperty('userHash');
    expect((claims.companies as object[])[0]).not.toHaveProperty('companyHash');
  });

  test('exp: jwtExpiresInSeconds after iat', async () => {
    const claims = decodeJwt((await call(signing({ jwtExpiresInSeconds: 600 }), as('ada', { name: 'Ada' }))).body.featurebaseJwt);
    expect(claims.exp! - claims.iat!).toBe(600);
    expect(Math.abs(claims.iat! - Date.now() / 1000)).toBeLessThan(60);
  });

  test('a custom field named like a claim or a contact field stays out; the real one wins; one warning a name', async () => {
    const fields = { exp: 1, email: 'mallory@example.com', userId: 'usr_mallory', roles: 'admin', tags: ['vip'], sub: 'x', plan: 'pro' };
    const handle = signing({ enrich: (c) => ({ ...c, companies: [{ id: 'acme', name: 'Acme', customFields: { companyId: 'globex', id: 'globex', size: 3 } }] }) });
    const first = await call(handle, as('ada', { name: 'Ada', customFields: fields }));
    await call(handle, as('ada', { name: 'Ada 2', customFields: fields }));
    const claims = await verifyWidgetToken(first.body.featurebaseJwt, JWT_SECRET);
    expect(claims).toMatchObject({ userId: 'usr_ada', email: 'ada@example.com', plan: 'pro' });
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000);
    for (const name of ['roles', 'tags', 'sub']) expect(claims).not.toHaveProperty(name);
    expect(claims.companies).toEqual([{ id: 'acme', companyId: 'acme', name: 'Acme', size: 3 }]);
    // Forwarded as they were: only the token leaves them out.
    expect(upstream()[0].customFields).toEqual(fields);
    const warnings = setup.leaks.consoleCalls.filter((line) => line.startsWith('warn'));
    expect(warnings).toHaveLength(8);
    expect(warnings.join('\n')).toMatch(/\[featurebase\] customFields\.exp is left out of featurebaseJwt/);
    expect(warnings.join('\n')).toMatch(/companies\[\]\.customFields\.companyId is left out of featurebaseJwt/);
  });
});

describe('no featurebaseJwt', () => {
  test('without jwtSecret', async () => {
    const { status, body } = await call(signing({ jwtSecret: undefined }), as('ada', { name: 'Ada' }));
    expect(status).toBe(201);
    expect(body).not.toHaveProperty('featurebaseJwt');
  });

  test('without a session: 401; with allowUnauthenticated and nobody signed in, the contact is forwarded without one', async () => {
    expect((await call(signing(), as('nobody', { userId: 'usr_ada' }))).body).toMatchObject({ error: { code: 'unauthenticated' } });
    const open = signing({ resolveUser: undefined, allowUnauthenticated: true });
    const { status, body } = await call(open, as('ada', { userId: 'usr_ada', email: 'ada@example.com' }));
    expect(status).toBe(201);
    expect(body).not.toHaveProperty('featurebaseJwt');
    // Decided as the design says, not by an error on the way.
    expect(setup.leaks.consoleCalls.filter((line) => line.startsWith('error'))).toEqual([]);
  });

  test.each([
    ['another user\'s identifier', { userId: 'usr_bob' }, 403],
    ['a privileged field', { name: 'Ada', roles: ['admin'] }, 403],
    ['an invalid contact', { name: 'Ada', profilePicture: 'javascript:alert(1)' }, 400],
  ])('after a refusal: %s', async (_, contact, status) => {
    const result = await call(signing(), as('ada', contact));
    expect(result.status).toBe(status);
    expect(JSON.stringify(result.body)).not.toMatch(/featurebaseJwt|eyJ/);
  });

  test.each([
    ['Featurebase refused it', 422, 422],
    ['Featurebase failed', 503, 502],
    ['Featurebase\'s rate limit', 429, 429],
  ])('after a failed forward: %s', async (_, upstreamStatus, status) => {
    setup.emulator.fail({ status: upstreamStatus });
    const result = await call(signing(), as('ada', { name: 'Ada' }));
    expect(result.status).toBe(status);
    expect(JSON.stringify(result.body)).not.toMatch(/featurebaseJwt|eyJ/);
  });

  test('after the user\'s rate limit', async () => {
    const handle = signing({ limits: { perUserPerMinute: 1 } });
    expect((await call(handle, as('ada', { name: 'One' }))).body).toHaveProperty('featurebaseJwt');
    const refused = await call(handle, as('ada', { name: 'Two' }));
    expect(refused.status).toBe(429);
    expect(refused.body).not.toHaveProperty('featurebaseJwt');
  });

  test('when enrich names someone else: forwarded as the app asked, but no token for another user (logged once)', async () => {
    const handle = signing({ enrich: (c) => ({ ...c, userId: 'usr_bob', email: 'bob@example.com' }) });
    for (let i = 0; i < 2; i++) {
      const { status, body } = await call(handle, as('ada', { name: `Ada ${i}` }));
      expect([201, 200]).toContain(status);
      expect(body).not.toHaveProperty('featurebaseJwt');
    }
    expect(upstream()[0]).toMatchObject({ userId: 'usr_bob' });
    const errors = setup.leaks.consoleCalls.filter((line) => line.startsWith('error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/\[featurebase\] enrich returned a contact whose userId or email resolveUser did not return for the signed-in user/);
  });
});

describe('one user\'s token never reaches another', () => {
  test('two sessions interleaved, with the same Idempotency-Key, concurrent and replayed', async () => {
    const handle = signing();
    const key = { 'idempotency-key': 'same-key' };
    const release = setup.emulator.hold();
    const pending = [call(handle, as('ada', { name: 'Same' }, key)), call(handle, as('bob', { name: 'Same' }, key)), call(handle, as('ada', { name: 'Same' }, key)), call(handle, as('bob', { name: 'Same' }, key))];
    await vi.waitFor(() => expect(upstream()).toHaveLength(2));
    release();
    const answers = [...(await Promise.all(pending)), await call(handle, as('bob', { name: 'Same' }, key)), await call(handle, as('ada', { name: 'Same' }, key))];
    const owners = await Promise.all(answers.map(async ({ body }) => (await verifyWidgetToken(body.featurebaseJwt, JWT_SECRET)).userId));
    expect(owners).toEqual(['usr_ada', 'usr_bob', 'usr_ada', 'usr_bob', 'usr_bob', 'usr_ada']);
    expect(answers.map(({ body }) => body.userId)).toEqual(owners);
    expect(upstream()).toHaveLength(2);
  });

  test('answers from the dedupe and the replay cache carry a token signed now, for the asking user', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const handle = signing();
    const first = await call(handle, as('ada', { name: 'Ada' }, { 'idempotency-key': 'k1' }));
    await call(handle, as('bob', { name: 'Bob' }, { 'idempotency-key': 'k1' }));
    vi.advanceTimersByTime(5 * 60_000);
    const replayed = await call(handle, as('ada', { name: 'Ada' }, { 'idempotency-key': 'k1' }));
    const deduped = await call(handle, as('ada', { name: 'Ada' }, { 'idempotency-key': 'k2' }));
    expect(upstream()).toHaveLength(2);
    const now = Math.floor(Date.now() / 1000);
    for (const answer of [replayed, deduped]) {
      expect(answer.body.featurebaseJwt).not.toBe(first.body.featurebaseJwt);
      expect(await verifyWidgetToken(answer.body.featurebaseJwt, JWT_SECRET)).toMatchObject({ userId: 'usr_ada', name: 'Ada', iat: now, exp: now + 3600 });
    }
    // The remembered answers themselves hold no token: without jwtSecret the same store would replay one.
    expect(replayed.body).toEqual({ ...first.body, featurebaseJwt: replayed.body.featurebaseJwt });
  });
});

describe('options', () => {
  test.each([
    ['a jwtSecret that is no string', { jwtSecret: 42 as unknown as string }, /jwtSecret must be a non-empty string/],
    ['an empty jwtSecret', { jwtSecret: '' }, /jwtSecret must be a non-empty string/],
    ['jwtExpiresInSeconds under a minute', { jwtExpiresInSeconds: 30 }, /jwtExpiresInSeconds must be an integer from 60 to 86400/],
    ['jwtExpiresInSeconds over a day', { jwtExpiresInSeconds: 86_401 }, /jwtExpiresInSeconds must be an integer from 60 to 86400/],
    ['jwtExpiresInSeconds not whole', { jwtExpiresInSeconds: 600.5 }, /jwtExpiresInSeconds/],
  ])('%s: 500 misconfigured, logged once without the secret', async (_, overrides, reason) => {
    const { status, body } = await call(signing(overrides), as('ada', { name: 'Ada' }));
    expect([status, body.error.code]).toEqual([500, 'misconfigured']);
    const errors = setup.leaks.consoleCalls.filter((line) => line.startsWith('error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(reason);
    expect(upstream()).toEqual([]);
  });
});
