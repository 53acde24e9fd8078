// @vitest-environment node
import { createHmac } from 'node:crypto';
import { describe, expect, test, vi } from 'vitest';
import { startEmulator } from '../testing/index.js';
import { createSigner } from './hmac.js';
import { identifyRequest, KEY, SECRET, serve, SESSION, useEmulator, watchLeaks } from './test-kit.js';

const setup = useEmulator({ identitySecret: SECRET });
const { call, handler } = setup;
const hmac = (message: string) => createHmac('sha256', SECRET).update(message).digest('hex');
const lastSent = () => setup.emulator.requests.at(-1)!;

describe('forwarding', () => {
  test('posts to {baseUrl}/v2/contacts with the key, JSON and the API version; passes 201, then 200', async () => {
    const first = await call(handler(), identifyRequest({ name: 'Ada', customFields: { plan: 'pro' } }));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ object: 'contact', type: 'customer', ...SESSION, name: 'Ada', customFields: { plan: 'pro' } });
    expect(first.body.id).toMatch(/^[0-9a-f]{24}$/);
    expect(lastSent()).toMatchObject({ method: 'POST', path: '/v2/contacts', body: { ...SESSION, name: 'Ada', customFields: { plan: 'pro' } } });
    expect(lastSent().headers).toMatchObject({ authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'featurebase-version': '2026-01-01.nova' });
    const second = await call(handler(), identifyRequest({ locale: 'en' }));
    expect([second.status, second.body.id, second.body.name, second.body.locale]).toEqual([200, first.body.id, 'Ada', 'en']);
  });

  test("sends the user's own rate-limit headers on success, for the debug panel, not the key's", async () => {
    const { headers } = await call(handler(), identifyRequest({ name: 'A' }));
    expect(headers.get('x-ratelimit-limit')).toBe('30');
    expect(headers.get('x-ratelimit-remaining')).toBe('29');
    expect(Number(headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });

  test('apiVersion is configurable, for newer versions', async () => {
    expect((await call(handler({ apiVersion: '2026-08-19.orbit' }), identifyRequest({ name: 'A' }))).status).toBe(201);
    expect(lastSent().headers['featurebase-version']).toBe('2026-08-19.orbit');
  });

  test('uses the injected fetch', async () => {
    const urls: string[] = [];
    const spy: typeof fetch = (input, init) => (urls.push(String(input)), fetch(input, init));
    await call(handler({ fetch: spy, baseUrl: setup.emulator.url + '/' }), identifyRequest({ name: 'A' }));
    expect(urls).toEqual([setup.emulator.url + '/v2/contacts']);
  });
});

describe('enrich and identity hashes', () => {
  test('enrich adds trusted fields; the hashes are computed from the final contact', async () => {
    const calls: unknown[] = [];
    const enriching = handler({
      identitySecret: SECRET,
      enrich: (contact, user, request, context) => {
        calls.push([contact, user, request.method, context]);
        return { ...contact, roles: ['vip'], userHash: 'forged', companies: [{ id: 'acme', name: 'Acme', monthlySpend: 500 }, { id: 'globex', name: 'Globex' }] };
      },
    });
    const { status, body } = await call(enriching, identifyRequest({ name: 'Ada' }));
    expect(calls).toEqual([[{ ...SESSION, name: 'Ada' }, SESSION, 'POST', undefined]]);
    expect(lastSent().body).toEqual({
      ...SESSION,
      name: 'Ada',
      roles: ['vip'],
      userHash: hmac(SESSION.userId),
      companies: [
        { id: 'acme', name: 'Acme', monthlySpend: 500, companyHash: hmac('acme') },
        { id: 'globex', name: 'Globex', companyHash: hmac('globex') },
      ],
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({ verified: true, roles: ['vip'], companies: [{ companyId: 'acme', monthlySpend: 500 }, { companyId: 'globex' }] });
  });

  test('without a userId, userHash is the HMAC of the email', async () => {
    await call(handler({ identitySecret: SECRET, resolveUser: () => ({ email: SESSION.email }) }), identifyRequest({ name: 'A' }));
    expect(lastSent().body).toMatchObject({ email: SESSION.email, userHash: hmac(SESSION.email) });
    expect(setup.emulator.contacts()[0].verified).toBe(true);
  });

  test('createSigner matches node:crypto', async () => {
    expect(await createSigner(SECRET)('ünïcode ✓')).toBe(hmac('ünïcode ✓'));
  });

  test('an invalid contact from enrich is 500, logged, and not forwarded', async () => {
    const broken = handler({ enrich: (contact) => ({ ...contact, companies: [{ id: 'acme', name: '' }] }) });
    const { status, body } = await call(broken, identifyRequest({ name: 'A' }));
    expect([status, body.error.code, body.error.param]).toEqual([500, 'invalid_enrichment', 'companies[0].name']);
    expect(setup.leaks.consoleCalls.join()).toContain('[featurebase] enrich returned an invalid contact');
    expect(setup.emulator.requests).toEqual([]);
  });
});

describe("Featurebase's answers", () => {
  test('its 4xx passes through with its error body: a wrong key (logged, never shown)', async () => {
    const { status, body } = await call(handler({ apiKey: 'fb_wrong_key_000000' }), identifyRequest({ name: 'A' }));
    expect([status, body.error.code]).toEqual([401, 'invalid_api_key']);
    expect(setup.leaks.consoleCalls.join()).toContain('[featurebase] Featurebase refused the API key');
    expect(JSON.stringify(body) + setup.leaks.consoleCalls.join()).not.toContain('fb_wrong_key_000000');
  });

  test('its 4xx passes through with its error body: an old API version', async () => {
    const { status, body } = await call(handler({ apiVersion: '2025-12-12.clover' }), identifyRequest({ name: 'A' }));
    expect([status, body.error.code]).toEqual([400, 'unsupported_version']);
  });

  test.each([500, 503])('its %i becomes 502, with nothing stored', async (code) => {
    setup.emulator.fail({ status: code });
    const { status, body } = await call(handler(), identifyRequest({ name: 'A' }));
    expect([status, body.error.code, body.error.type, body.error.message]).toEqual([502, 'upstream_error', 'api_error', `Featurebase answered ${code}`]);
    expect(setup.emulator.contacts()).toEqual([]);
  });

  test('an injected 429 becomes our 429 with its Retry-After, and the user\'s own rate-limit headers', async () => {
    setup.emulator.fail({ status: 429, retryAfter: 7 });
    const { status, headers, body } = await call(handler(), identifyRequest({ name: 'A' }));
    expect([status, headers.get('retry-after'), body.error.code, body.error.type]).toEqual([429, '7', 'key_rate_limited', 'rate_limit_error']);
    expect([headers.get('x-ratelimit-limit'), headers.get('x-ratelimit-remaining')]).toEqual(['30', '29']);
    expect(headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
  });

  test('a real rate limit at Featurebase is 429 with Retry-After', async () => {
    const limited = await startEmulator({ apiKey: KEY, rateLimit: 2 });
    try {
      const handle = handler({ baseUrl: limited.url, dedupeMs: 0 });
      const run = () => call(handle, identifyRequest({ name: 'A' }));
      expect([(await run()).status, (await run()).status]).toEqual([201, 200]);
      const { status, headers } = await run();
      expect(status).toBe(429);
      expect(Number(headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.requests.length).toBeLessThanOrEqual(3);
      setup.leaks.recordText(limited.url);
    } finally {
      await limited.close();
    }
  });

  test('a slow Featurebase gets 504 after timeoutMs', async () => {
    // Featurebase holds its answer for good: only the timeout can answer.
    const release = setup.emulator.hold();
    try {
      const { status, body } = await call(handler({ timeoutMs: 100 }), identifyRequest({ name: 'A' }));
      expect([status, body.error.code]).toEqual([504, 'upstream_timeout']);
    } finally {
      release();
    }
  });

  test('the timeout holds with a fetch that ignores its AbortSignal, and a body that never ends', async () => {
    const deaf = handler({ timeoutMs: 100, fetch: () => new Promise<Response>(() => {}) });
    expect((await call(deaf, identifyRequest({ name: 'A' }))).body.error.code).toBe('upstream_timeout');
    let cancelled = false;
    const endless = new ReadableStream({ pull: () => new Promise(() => {}), cancel: () => void (cancelled = true) });
    const stalling = handler({ timeoutMs: 100, fetch: async () => new Response(endless, { status: 201 }) });
    expect((await call(stalling, identifyRequest({ name: 'B' }))).status).toBe(504);
    expect(cancelled).toBe(true);
  });

  test('at most 1 MiB of Featurebase\'s answer is read: past it 502, and the connection is freed', async () => {
    let written = 0;
    let closed = false;
    const huge = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.on('close', () => (closed = true));
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!closed && written < 32 * 2 ** 20) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.write('{"object":"contact","pad":"');
      pump();
    });
    try {
      const { status, body } = await call(handler({ baseUrl: huge.url }), identifyRequest({ name: 'A' }));
      expect([status, body.error.code]).toEqual([502, 'upstream_error']);
      await vi.waitFor(() => expect(closed).toBe(true));
      expect(written).toBeLessThan(8 * 2 ** 20);
    } finally {
      await huge.close();
    }
  });

  test('a valid JSON answer just over 1 MiB is refused too; one under it passes', async () => {
    const answer = (size: number) => handler({ fetch: async () => Response.json({ object: 'contact', pad: 'x'.repeat(size) }, { status: 201 }) });
    expect((await call(answer(2 ** 20), identifyRequest({ name: 'A' }))).status).toBe(502);
    expect((await call(answer(2 ** 20 - 100), identifyRequest({ name: 'B' }))).status).toBe(201);
  });

  test('a dropped connection and an unreachable host are 502', async () => {
    setup.emulator.drop();
    const dropped = await call(handler(), identifyRequest({ name: 'A' }));
    expect([dropped.status, dropped.body.error.code]).toEqual([502, 'upstream_unreachable']);
    const closed = await startEmulator();
    const closedUrl = closed.url;
    await closed.close();
    const unreachable = await call(handler({ baseUrl: closedUrl }), identifyRequest({ name: 'A' }));
    expect([unreachable.status, unreachable.body.error.code]).toEqual([502, 'upstream_unreachable']);
    expect(JSON.stringify(unreachable.body)).not.toContain(closedUrl);
  });

  test('a held response arrives once released', async () => {
    const release = setup.emulator.hold();
    let settled = false;
    const pending = call(handler(), identifyRequest({ name: 'A' })).finally(() => (settled = true));
    while (!setup.emulator.requests.length) await new Promise((resolve) => setImmediate(resolve));
    // A round trip to the emulator's control API, which nothing holds: an answer that was not
    // held would have come back before it.
    await (await fetch(setup.emulator.url + '/_emulator/contacts')).text();
    expect([settled, setup.emulator.requests.length]).toEqual([false, 1]);
    release();
    expect((await pending).status).toBe(201);
  });

  test('a 2xx without JSON, a redirect, or a 4xx without an error body are handled', async () => {
    const answer = (response: Response) => handler({ fetch: async () => response });
    expect((await call(answer(new Response('<html>', { status: 200 })), identifyRequest({ name: 'A' }))).status).toBe(502);
    expect((await call(answer(new Response(null, { status: 302 })), identifyRequest({ name: 'A' }))).status).toBe(502);
    const bare = await call(answer(new Response('nope', { status: 404 })), identifyRequest({ name: 'A' }));
    expect([bare.status, bare.body.error.code]).toEqual([404, 'upstream_error']);
  });

  test('a redirect is never followed, so the key goes nowhere else', async () => {
    const reached: string[] = [];
    const elsewhere = await serve((req, res) => (reached.push(String(req.headers.authorization)), res.writeHead(201).end('{"object":"contact"}')));
    const redirecting = await serve((_req, res) => res.writeHead(307, { location: elsewhere.url + '/v2/contacts' }).end());
    try {
      const { status } = await call(handler({ baseUrl: redirecting.url }), identifyRequest({ name: 'A' }));
      expect([status, reached]).toEqual([502, []]);
    } finally {
      await Promise.all([elsewhere.close(), redirecting.close()]);
    }
  });

  test('an upstream body quoting the key or the URL is redacted', async () => {
    const quoting = handler({
      fetch: async () => new Response(JSON.stringify({ error: { code: 'x', message: `key ${KEY} at ${setup.emulator.url}` } }), { status: 400 }),
    });
    const { body } = await call(quoting, identifyRequest({ name: 'A' }));
    expect(body.error.message).toBe('key [redacted] at [redacted]');
  });
});

test('the leak watch itself fails when a secret shows', () => {
  const watch = watchLeaks(() => [KEY]);
  console.error('oops', new Error(`token ${KEY}`));
  expect(() => watch.expectClean()).toThrow('a secret leaked');
  setup.leaks.consoleCalls.length = 0;
});
