// @vitest-environment node
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createEmulator, startEmulator, type StartedEmulator } from '.';

let emulator: StartedEmulator;
beforeAll(async () => void (emulator = await startEmulator({ rateLimit: 5, identitySecret: 'sec' })));
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const GOOD = { authorization: 'Bearer fb_test_key', 'featurebase-version': '2026-01-01.nova', 'content-type': 'application/json' };

/** Calls the emulator's API like the handler does; `headers` replace the good ones (undefined drops one). */
async function api(body: unknown, headers: Record<string, string | undefined> = {}, path = '/v2/contacts', method = 'POST') {
  const merged = Object.fromEntries(Object.entries({ ...GOOD, ...headers }).filter(([, value]) => value !== undefined)) as Record<string, string>;
  const response = await fetch(emulator.url + path, { method, headers: merged, body: method == 'GET' ? undefined : typeof body == 'string' ? body : JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describe('auth and version', () => {
  test.each([
    [{ authorization: undefined }, 'missing_api_key'],
    [{ authorization: 'Bearer fb_other' }, 'invalid_api_key'],
    [{ authorization: 'fb_test_key' }, 'missing_api_key'],
  ])('%j gets 401 %s in Featurebase\'s error shape', async (headers, code) => {
    const { status, body } = await api({ email: 'a@example.com' }, headers);
    expect(status).toBe(401);
    expect(body).toEqual({ error: { type: 'authentication_error', code, message: expect.any(String), status: 401 } });
    expect(emulator.contacts()).toEqual([]);
  });

  test.each([
    [undefined, 'unsupported_version'],
    ['2025-12-12.clover', 'unsupported_version'],
    ['nova', 'invalid_version'],
    ['2026-01-01', 'invalid_version'],
  ])('Featurebase-Version %s gets 400 %s', async (version, code) => {
    const { status, body } = await api({ email: 'a@example.com' }, { 'featurebase-version': version });
    expect([status, body.error.code]).toEqual([400, code]);
    expect(body.error.message).toContain('2026-01-01.nova');
  });

  test('newer versions are fine', async () => {
    expect((await api({ email: 'a@example.com' }, { 'featurebase-version': '2026-08-19.orbit' })).status).toBe(201);
  });
});

describe('validation', () => {
  test.each([
    [{ email: 'nope' }, 'email'],
    [{ name: 'no identifiers' }, 'email'],
    [{ email: 'a@example.com', companies: [{ id: 'c', name: 'x'.repeat(501) }] }, 'companies[0].name'],
    [{ email: 'a@example.com', role: 'admin' }, 'role'],
  ])('%j gets 400 invalid_parameter naming %s', async (contact, param) => {
    const { status, body } = await api(contact);
    expect([status, body.error.type, body.error.code, body.error.param]).toEqual([400, 'invalid_request_error', 'invalid_parameter', param]);
    expect(emulator.contacts()).toEqual([]);
  });

  test('a body that is not JSON gets 400 invalid_json, and is recorded raw', async () => {
    const { status, body } = await api('{oops');
    expect([status, body.error.code]).toEqual([400, 'invalid_json']);
    expect(emulator.requests[0].body).toBe('{oops');
  });

  test('only POST /v2/contacts exists', async () => {
    expect((await api({}, {}, '/v2/contact')).status).toBe(404);
    const get = await api(undefined, {}, '/v2/contacts', 'GET');
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
  });
});

describe('upsert', () => {
  test('creates (201) in the shape of the reference, then updates (200) by userId, merging fields and companies', async () => {
    const created = await api({
      userId: 'u1',
      email: 'ada@example.com',
      name: 'Ada',
      customFields: { plan: 'pro' },
      companies: [{ id: 'acme', name: 'Acme', plan: 'basic', customFields: { tier: 1 } }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      object: 'contact',
      type: 'customer',
      userId: 'u1',
      email: 'ada@example.com',
      name: 'Ada',
      customFields: { plan: 'pro' },
      roles: [],
      companies: [{ object: 'company', companyId: 'acme', name: 'Acme', plan: 'basic', linkedUsers: 1, customFields: { tier: 1 } }],
    });
    expect(created.body.id).toMatch(/^[0-9a-f]{24}$/);
    expect(created.body.companies[0].id).toMatch(/^[0-9a-f]{24}$/);
    expect(created.body.companies[0].id).not.toBe(created.body.id);
    const updated = await api({
      userId: 'u1',
      locale: 'en',
      customFields: { seats: 3 },
      companies: [{ id: 'acme', name: 'Acme Inc', customFields: { region: 'eu' } }, { id: 'globex', name: 'Globex' }],
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: created.body.id, name: 'Ada', email: 'ada@example.com', locale: 'en', customFields: { plan: 'pro', seats: 3 } });
    expect(updated.body.companies).toMatchObject([
      { id: created.body.companies[0].id, companyId: 'acme', name: 'Acme Inc', plan: 'basic', customFields: { tier: 1, region: 'eu' } },
      { companyId: 'globex', name: 'Globex' },
    ]);
    const third = await api({ userId: 'u1', companies: [{ id: 'initech', name: 'Initech' }] });
    expect(third.body.companies.map((company: { companyId: string }) => company.companyId)).toEqual(['acme', 'globex', 'initech']);
    expect(emulator.contacts()).toEqual([third.body]);
  });

  test('finds by email when there is no userId match, case-insensitively; userId wins over email', async () => {
    const first = await api({ email: 'grace@example.com', name: 'Grace' });
    const byEmail = await api({ email: 'Grace@Example.com', userId: 'u2' });
    expect([byEmail.status, byEmail.body.id, byEmail.body.userId]).toEqual([200, first.body.id, 'u2']);
    const byUserId = await api({ userId: 'u2', email: 'grace.h@example.com' });
    expect([byUserId.status, byUserId.body.id, byUserId.body.email]).toEqual([200, first.body.id, 'grace.h@example.com']);
  });

  test('a contact found by email but owned by another userId is not taken over', async () => {
    await api({ userId: 'u1', email: 'shared@example.com' });
    const other = await api({ userId: 'u2', email: 'shared@example.com' });
    expect(other.status).toBe(201);
    expect(emulator.contacts()).toHaveLength(2);
  });

  test('companies are shared between contacts; hashes are checked, never echoed', async () => {
    const hash = (text: string) => createHmac('sha256', 'sec').update(text).digest('hex');
    await api({ userId: 'u1', userHash: hash('u1'), companies: [{ id: 'acme', name: 'Acme', companyHash: hash('acme') }] });
    const second = await api({ userId: 'u2', userHash: 'wrong', companies: [{ id: 'acme', name: 'Acme' }] });
    expect(second.body.companies[0].linkedUsers).toBe(2);
    expect(emulator.contacts().map((contact) => contact.verified)).toEqual([true, false]);
    expect(JSON.stringify(emulator.contacts())).not.toMatch(/userHash|companyHash/);
  });
});

describe('rate limit', () => {
  test('every response carries X-RateLimit-*; past the per-key limit, 429 with Retry-After', async () => {
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 5; i++) remaining.push((await api({ email: 'a@example.com' })).headers.get('x-ratelimit-remaining'));
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    const limited = await api({ email: 'a@example.com' });
    expect([limited.status, limited.body.error.type, limited.headers.get('x-ratelimit-limit')]).toEqual([429, 'rate_limit_error', '5']);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(Number(limited.headers.get('x-ratelimit-reset')) * 1000).toBeGreaterThan(Date.now());
    expect((await api({ email: 'a@example.com' }, { authorization: 'Bearer fb_other' })).status).toBe(401);
    emulator.reset();
    expect((await api({ email: 'a@example.com' })).status).toBe(201);
  });
});

describe('mounting and closing', () => {
  test('handle mounts in another node:http server', async () => {
    const mounted = createEmulator({ apiKey: 'k' });
    const server = createServer(mounted.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${port}/v2/contacts`, {
      method: 'POST',
      headers: { ...GOOD, authorization: 'Bearer k' },
      body: '{"email":"a@example.com"}',
    });
    expect(response.status).toBe(201);
    expect(mounted.contacts()).toHaveLength(1);
    expect(mounted.url).toBeUndefined();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('close() ends keep-alive connections and frees the port', async () => {
    const own = await startEmulator();
    expect(own.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await fetch(own.url + '/v2/contacts', { method: 'POST', headers: GOOD, body: '{"email":"a@example.com"}' });
    const url = own.url;
    await own.close();
    await expect(fetch(url + '/v2/contacts')).rejects.toThrow();
  });
});
