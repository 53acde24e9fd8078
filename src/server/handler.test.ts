// @vitest-environment node
import { describe, expect, test } from 'vitest';
import { identifyRequest, SESSION, useEmulator } from './test-kit.js';

const setup = useEmulator();
const { call, handler } = setup;
const forwarded = () => setup.emulator.requests as { body: any }[];

/** A body stream of `chunks` chunks of `size` bytes that counts how many were pulled. */
function countingStream(chunks: number, size: number) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled++ == chunks) controller.close();
      else controller.enqueue(new Uint8Array(size).fill(0x20));
    },
    cancel: () => void (state.cancelled = true),
  });
  return { stream, state };
}

describe('the factory', () => {
  test.each([
    ['no apiKey (a build without secrets)', { apiKey: undefined as unknown as string }, /apiKey[^]*FEATUREBASE_API_KEY/],
    ['an empty apiKey', { apiKey: '' }, /apiKey/],
    ['no resolveUser', { resolveUser: undefined }, /resolveUser/],
    ['an allowed origin that is no URL', { allowedOrigins: ['app.example.com'] }, /allowedOrigins[^]*app\.example\.com/],
  ])('%s: created without throwing; every request gets 500 misconfigured, logged once', async (_, overrides, reason) => {
    let misconfigured: ReturnType<typeof handler> | undefined;
    expect(() => (misconfigured = handler(overrides))).not.toThrow();
    for (let i = 0; i < 3; i++) {
      const { status, body } = await call(misconfigured!, identifyRequest({ name: 'A' }));
      expect([status, body.error.code, body.error.type]).toEqual([500, 'misconfigured', 'api_error']);
    }
    const errors = setup.leaks.consoleCalls.filter((line) => line.startsWith('error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/\[featurebase\] The identify endpoint is misconfigured/);
    expect(errors[0]).toMatch(reason);
    expect(forwarded()).toEqual([]);
  });

  test('a misconfigured handler answers 500 to any method, preflights included', async () => {
    const misconfigured = handler({ apiKey: '' });
    for (const method of ['GET', 'OPTIONS', 'POST']) expect((await call(misconfigured, identifyRequest({}, { method }))).body.error.code).toBe('misconfigured');
  });

  test('allowUnauthenticated warns once, then forwards contacts without a session', async () => {
    const open = handler({ resolveUser: undefined, allowUnauthenticated: true });
    expect((await call(open, identifyRequest({ email: 'x@example.com' }))).status).toBe(201);
    expect((await call(open, identifyRequest({ userId: 'anyone' }))).status).toBe(201);
    const warnings = setup.leaks.consoleCalls.filter((line) => line.startsWith('warn'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('[featurebase] allowUnauthenticated');
  });
});

describe('before reading the body', () => {
  test.each(['GET', 'PUT', 'DELETE', 'PATCH'])('%s gets 405 with Allow', async (method) => {
    const { status, headers, body } = await call(handler(), identifyRequest({ name: 'A' }, { method }));
    expect([status, headers.get('allow'), body.error.code, body.error.type]).toEqual([405, 'POST, OPTIONS', 'method_not_allowed', 'invalid_request_error']);
    expect(forwarded()).toEqual([]);
  });

  test.each([['https://evil.example'], ['null'], ['http://app.test.evil.example']])('a request from origin %s gets 403', async (origin) => {
    const { status, headers, body } = await call(handler(), identifyRequest({ name: 'A' }, { headers: { origin } }));
    expect([status, body.error.code, headers.get('access-control-allow-origin')]).toEqual([403, 'origin_not_allowed', null]);
    expect(forwarded()).toEqual([]);
  });

  test('same-origin requests, with or without Origin, need no configuration', async () => {
    expect((await call(handler(), identifyRequest({ name: 'A' }, { headers: { origin: 'http://app.test' } }))).status).toBe(201);
    expect((await call(handler(), identifyRequest({ name: 'A' }))).status).toBe(200);
  });

  test('a listed origin is let through with CORS headers, on errors too', async () => {
    const cors = handler({ allowedOrigins: ['https://www.example.com/'] });
    const ok = await call(cors, identifyRequest({ name: 'A' }, { headers: { origin: 'https://www.example.com' } }));
    expect(ok.status).toBe(201);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
    expect(ok.headers.get('access-control-allow-credentials')).toBe('true');
    expect(ok.headers.get('vary')).toBe('Origin');
    const bad = await call(cors, identifyRequest({ email: 'bad' }, { headers: { origin: 'https://www.example.com' } }));
    expect([bad.status, bad.headers.get('access-control-allow-origin')]).toEqual([400, 'https://www.example.com']);
  });

  test('preflight is answered for listed origins only', async () => {
    const cors = handler({ allowedOrigins: ['https://www.example.com'] });
    const preflight = (origin: string, requested = 'content-type, x-csrf-token') =>
      new Request('http://app.test/api', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': requested } });
    const ok = await call(cors, preflight('https://www.example.com'));
    expect(ok.status).toBe(204);
    expect(Object.fromEntries(ok.headers)).toMatchObject({
      'access-control-allow-origin': 'https://www.example.com',
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'content-type, x-csrf-token',
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
    });
    expect((await call(cors, preflight('https://www.example.com', 'x-a; x-b=1'))).headers.get('access-control-allow-headers')).toBe('content-type');
    const refused = await call(cors, preflight('https://evil.example'));
    expect([refused.status, refused.headers.get('access-control-allow-origin')]).toEqual([403, null]);
    const plain = await call(cors, new Request('http://app.test/api', { method: 'OPTIONS' }));
    expect([plain.status, plain.headers.get('allow')]).toEqual([204, 'POST, OPTIONS']);
    expect(forwarded()).toEqual([]);
  });

  test.each([['text/plain'], ['application/x-www-form-urlencoded'], ['multipart/form-data; boundary=x'], ['application/json; charset=latin1'], ['application/jsonx'], ['']])(
    'content type "%s" gets 415',
    async (type) => {
      const request = identifyRequest({ name: 'A' }, { headers: { 'content-type': type } });
      if (!type) request.headers.delete('content-type');
      const { status, body } = await call(handler(), request);
      expect([status, body.error.code]).toEqual([415, 'unsupported_media_type']);
      expect(forwarded()).toEqual([]);
    },
  );

  test('application/json with a UTF-8 charset, in any case, is JSON', async () => {
    const request = identifyRequest({ name: 'A' }, { headers: { 'content-type': 'Application/JSON; Charset="UTF-8"' } });
    expect((await call(handler(), request)).status).toBe(201);
  });
});

describe('reading the body', () => {
  test('an honest Content-Length past maxBodyBytes is refused before reading', async () => {
    const { stream, state } = countingStream(100, 1000);
    const { status, body } = await call(handler(), identifyRequest(stream, { headers: { 'content-length': '100000' } }));
    expect([status, body.error.code, body.error.type]).toEqual([413, 'body_too_large', 'invalid_request_error']);
    expect(state.pulled).toBeLessThanOrEqual(1);
    expect(forwarded()).toEqual([]);
  });

  test.each([['a lying Content-Length', { 'content-length': '10' }], ['no Content-Length (chunked)', {}]])(
    'with %s, reading stops just past the limit',
    async (_, headers: Record<string, string>) => {
      const { stream, state } = countingStream(1000, 1000);
      const { status, body } = await call(handler({ maxBodyBytes: 4096 }), identifyRequest(stream, { headers }));
      expect([status, body.error.code]).toEqual([413, 'body_too_large']);
      expect(state.pulled).toBeLessThan(10);
      expect(state.cancelled).toBe(true);
      expect(forwarded()).toEqual([]);
    },
  );

  test('a body of exactly maxBodyBytes is read; one byte more is not', async () => {
    const exact = JSON.stringify({ name: 'x' }).padEnd(100, ' ');
    expect((await call(handler({ maxBodyBytes: 100 }), identifyRequest(exact))).status).toBe(201);
    expect((await call(handler({ maxBodyBytes: 100 }), identifyRequest(exact + ' '))).status).toBe(413);
  });

  test.each([
    ['malformed JSON', '{"email": "a@example.com",'],
    ['an empty body', ''],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])],
    ['nesting deeper than 16', `{"customFields":${'['.repeat(40)}${']'.repeat(40)}}`],
    ['15,000 levels of nesting', '['.repeat(15000) + ']'.repeat(15000)],
  ])('%s gets 400 invalid_json', async (_, raw) => {
    const stream = new Blob([raw]).stream();
    const { status, body } = await call(handler({ maxBodyBytes: 1 << 20 }), identifyRequest(stream));
    expect([status, body.error.code]).toEqual([400, 'invalid_json']);
    expect(forwarded()).toEqual([]);
  });

  test('nesting brackets inside strings do not count as depth', async () => {
    const { status } = await call(handler(), identifyRequest({ name: '[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{{{{{{{"\\' }));
    expect(status).toBe(201);
  });
});

describe('__proto__ and constructor keys', () => {
  test.each([
    ['{"__proto__":{"roles":["admin"]},"name":"A"}', '__proto__'],
    ['{"constructor":{"prototype":{"roles":["admin"]}},"name":"A"}', 'constructor'],
    ['{"name":"A","companies":[{"id":"c1","name":"C","__proto__":{"companyHash":"x"}}]}', 'companies[0].__proto__'],
    ['{"name":"A","customFields":{"__proto__":{"admin":true}}}', 'customFields'],
  ])('%s is data, refused by name; no prototype is touched', async (raw, param) => {
    const { status, body } = await call(handler(), identifyRequest(raw));
    expect([status, body.error.code, body.error.param]).toEqual([400, 'invalid_parameter', param]);
    expect(({} as { roles?: unknown }).roles).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('admin');
    expect(forwarded()).toEqual([]);
  });
});

describe('who is asking', () => {
  test.each([['null', null], ['undefined', undefined], ['a user without identifiers', {}]])('resolveUser returning %s gets 401', async (_, user) => {
    const { status, body } = await call(handler({ resolveUser: () => user }), identifyRequest({ name: 'A' }));
    expect([status, body.error.code, body.error.type]).toEqual([401, 'unauthenticated', 'authentication_error']);
    expect(forwarded()).toEqual([]);
  });

  test('resolveUser receives the request and the context; when it throws, 500 and a log line', async () => {
    const seen: unknown[] = [];
    const failing = handler({
      resolveUser: (request, context) => {
        seen.push(request.headers.get('cookie'), context);
        throw new Error('session store down');
      },
    });
    const { status, body } = await call(failing, identifyRequest({ name: 'A' }, { headers: { cookie: 'sid=1' } }));
    expect(seen).toEqual(['sid=1', undefined]);
    expect([status, body.error.code, body.error.message]).toEqual([500, 'internal_error', 'The identify endpoint failed']);
    expect(setup.leaks.consoleCalls.join()).toMatch(/\[featurebase\][^]*session store down/);
  });

  test('the browser may leave identifiers out: the session fills them in', async () => {
    await call(handler(), identifyRequest({ name: 'Ada' }));
    expect(forwarded()[0].body).toEqual({ ...SESSION, name: 'Ada' });
    expect(setup.emulator.contacts()[0]).toMatchObject({ ...SESSION, name: 'Ada' });
  });

  test.each([
    [{ userId: 'usr_grace' }, 'userId'],
    [{ email: 'grace@example.com' }, 'email'],
    [{ userId: SESSION.userId, email: 'grace@example.com' }, 'email'],
    [{ userId: 'usr_grace', email: SESSION.email }, 'userId'],
  ])('impersonating %j gets 403 naming %s', async (contact, param) => {
    const { status, body } = await call(handler(), identifyRequest(contact));
    expect([status, body.error.code, body.error.param, body.error.type]).toEqual([403, 'identity_mismatch', param, 'permission_error']);
    expect(forwarded()).toEqual([]);
  });

  test('an identifier the session does not have cannot be vouched for', async () => {
    const { status, body } = await call(handler({ resolveUser: () => ({ userId: 'usr_ada' }) }), identifyRequest({ email: 'ada@example.com' }));
    expect([status, body.error.param]).toEqual([403, 'email']);
  });

  test("emails match case-insensitively in ASCII; the session's own email is forwarded", async () => {
    expect((await call(handler(), identifyRequest({ email: 'ADA@Example.com' }))).status).toBe(201);
    expect(forwarded()[0].body.email).toBe(SESSION.email);
  });

  test('resolveUser runs before the body is read: an anonymous body is never read', async () => {
    const { stream, state } = countingStream(100, 100);
    const { status } = await call(handler({ resolveUser: () => null }), identifyRequest(stream));
    expect(status).toBe(401);
    // At most the chunk a stream pulls by itself when it is made.
    expect(state.pulled).toBeLessThanOrEqual(1);
  });
});

describe('what the browser may set', () => {
  test.each([
    [{ email: 'not-an-email' }, 'email'],
    [{ name: 'A', companies: [{ id: 'c1' }] }, 'companies[0].name'],
    [{ name: 'A', id: 'x' }, 'id'],
    [{ name: 'A', locale: 'x'.repeat(11) }, 'locale'],
  ])('%j gets 400 naming %s', async (contact, param) => {
    const { status, body } = await call(handler(), identifyRequest(contact));
    expect([status, body.error.code, body.error.param]).toEqual([400, 'invalid_parameter', param]);
    expect(body.error.message).toContain(param);
    expect(forwarded()).toEqual([]);
  });

  test.each([
    [{ roles: ['admin'] }, 'roles'],
    [{ userHash: 'abc' }, 'userHash'],
    [{ companies: [{ id: 'c1', name: 'C' }] }, 'companies'],
  ])('privileged %j gets 403 naming %s', async (contact, param) => {
    const { status, body } = await call(handler(), identifyRequest(contact));
    expect([status, body.error.code, body.error.param]).toEqual([403, 'forbidden_field', param]);
    expect(forwarded()).toEqual([]);
  });

  test('browserMaySet trusts the browser with the listed fields only', async () => {
    const trusting = handler({ browserMaySet: ['roles'] });
    expect((await call(trusting, identifyRequest({ roles: ['beta'] }))).status).toBe(201);
    expect(forwarded()[0].body).toMatchObject({ roles: ['beta'] });
    expect((await call(trusting, identifyRequest({ userHash: 'abc' }))).body.error.param).toBe('userHash');
  });

  test("a company's companyHash stays the server's when companies are the browser's", async () => {
    const companies = handler({ browserMaySet: ['companies'], resolveUser: () => ({ ...SESSION, companyIds: ['c1', 'c2'] }) });
    const contact = { companies: [{ id: 'c1', name: 'C' }, { id: 'c2', name: 'D', companyHash: 'abc' }] };
    const { status, body } = await call(companies, identifyRequest(contact));
    expect([status, body.error.code, body.error.param]).toEqual([403, 'forbidden_field', 'companies[1].companyHash']);
    expect(forwarded()).toEqual([]);
  });
});
