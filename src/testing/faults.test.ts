// @vitest-environment node
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { startEmulator, type StartedEmulator } from '.';

const KEY = 'fb_sk_emulator_3d9a1f7c';
let emulator: StartedEmulator;
beforeAll(async () => void (emulator = await startEmulator({ apiKey: KEY })));
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

/** One good API request; resolves to its status, or 0 when the connection was dropped. */
async function identify(email = 'a@example.com') {
  try {
    const response = await fetch(emulator.url + '/v2/contacts', {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'featurebase-version': '2026-01-01.nova', 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    await response.body?.cancel();
    return { status: response.status, retryAfter: response.headers.get('retry-after'), remaining: response.headers.get('x-ratelimit-remaining') };
  } catch {
    return { status: 0 };
  }
}

/** Resolves once the emulator has recorded `count` requests (it records a request before any delay). */
async function recorded(count: number) {
  while (emulator.requests.length < count) await new Promise((resolve) => setImmediate(resolve));
}

/** A round trip to the control API, which no fault delays: an API answer not held back comes before it ends. */
const roundTrip = () => control('contacts');

/** Calls the control API, without the key. */
async function control(path: string, body?: unknown) {
  const response = await fetch(emulator.url + '/_emulator/' + path, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : undefined };
}

describe('faults, in process', () => {
  test('fail: the next N requests get the status, then service resumes', async () => {
    emulator.fail({ status: 503, times: 2 });
    expect((await Promise.all([identify(), identify()])).map((answer) => answer.status)).toEqual([503, 503]);
    expect((await identify()).status).toBe(201);
    emulator.fail({ status: 500 });
    expect([(await identify()).status, (await identify()).status]).toEqual([500, 200]);
  });

  test('fail with 429 sends Retry-After and no remaining requests', async () => {
    emulator.fail({ status: 429, retryAfter: 3 });
    expect(await identify()).toEqual({ status: 429, retryAfter: '3', remaining: '0' });
  });

  test('setLatency delays every answer by that long (fake timers)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      emulator.setLatency(150);
      let answered = false;
      const answer = identify().finally(() => (answered = true));
      await recorded(1);
      await vi.advanceTimersByTimeAsync(149);
      await roundTrip();
      expect(answered).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect((await answer).status).toBe(201);
    } finally {
      vi.useRealTimers();
    }
  });

  test('drop destroys the connection without an answer, N times', async () => {
    emulator.drop(2);
    expect([(await identify()).status, (await identify()).status, (await identify()).status]).toEqual([0, 0, 201]);
    expect(emulator.requests).toHaveLength(3);
  });

  test('hold keeps answers back until released; reset releases too', async () => {
    const release = emulator.hold();
    let done = false;
    const pending = identify().finally(() => (done = true));
    await recorded(1);
    await roundTrip();
    expect(done).toBe(false);
    release();
    expect((await pending).status).toBe(201);
    emulator.hold();
    const second = identify();
    await recorded(2);
    emulator.reset();
    expect((await second).status).toBe(201);
  });

  test('only the newest keepRequests requests are kept', async () => {
    const small = await startEmulator({ apiKey: KEY, keepRequests: 2 });
    for (const email of ['1@example.com', '2@example.com', '3@example.com']) {
      const response = await fetch(small.url + '/v2/contacts', {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'featurebase-version': '2026-01-01.nova', 'content-type': 'application/json' },
        body: JSON.stringify({ email }),
      });
      await response.body?.cancel();
    }
    expect(small.requests.map((r) => (r.body as { email: string }).email)).toEqual(['2@example.com', '3@example.com']);
    expect(small.contacts()).toHaveLength(3);
    await small.close();
  });

  test('requests are recorded with lower-case headers, parsed bodies and the time', async () => {
    const before = Date.now();
    await identify('rec@example.com');
    expect(emulator.requests).toEqual([
      {
        method: 'POST',
        path: '/v2/contacts',
        headers: expect.objectContaining({ authorization: `Bearer ${KEY}`, 'featurebase-version': '2026-01-01.nova' }),
        body: { email: 'rec@example.com' },
        receivedAt: expect.any(Number),
      },
    ]);
    expect(emulator.requests[0].receivedAt).toBeGreaterThanOrEqual(before);
  });
});

describe('the control API', () => {
  test('lists contacts and requests without the key, redacting the Authorization header', async () => {
    await identify();
    const contacts = await control('contacts');
    expect([contacts.status, contacts.body]).toEqual([200, emulator.contacts()]);
    const requests = await control('requests');
    expect(requests.body[0].headers.authorization).toBe('Bearer ***');
    expect(requests.body[0].body).toEqual({ email: 'a@example.com' });
    expect(requests.text).not.toContain(KEY);
    // No page asked: no CORS grant (a page of this machine gets its own origin, tested below).
    expect(requests.headers.get('access-control-allow-origin')).toBeNull();
    expect(emulator.requests).toHaveLength(1);
  });

  test('POST faults injects failures, latency, drops and holds', async () => {
    const set = await control('faults', { fail: { status: 503, times: 1, retryAfter: 2 }, latencyMs: 20, drop: 1 });
    expect(set.body).toEqual({ fail: { status: 503, remaining: 1, retryAfter: 2 }, latencyMs: 20, drop: 1, held: false });
    expect((await identify()).status).toBe(0);
    expect(await identify()).toMatchObject({ status: 503, retryAfter: '2' });
    expect((await identify()).status).toBe(201);
    expect((await control('faults', { hold: true, latencyMs: 0 })).body.held).toBe(true);
    let done = false;
    const pending = identify().finally(() => (done = true));
    await recorded(4);
    await roundTrip();
    expect(done).toBe(false);
    expect((await control('faults', { hold: false })).body.held).toBe(false);
    expect((await pending).status).toBe(200);
  });

  test.each([[{ fail: { status: 200 } }], [{ latencyMs: -1 }], [{ drop: 'x' }], [{ nope: 1 }], ['not json']])('POST faults %j gets 400', async (body) => {
    const { status, body: error } = await control('faults', body);
    expect([status, error.error.code]).toEqual([400, 'invalid_faults']);
    expect((await identify()).status).toBe(201);
  });

  test('POST reset forgets contacts, requests and faults; unknown routes are 404', async () => {
    await identify();
    emulator.fail({ status: 500, times: 5 });
    expect((await control('reset', {})).status).toBe(204);
    expect([emulator.contacts(), emulator.requests]).toEqual([[], []]);
    expect((await identify()).status).toBe(201);
    expect((await control('nothing')).status).toBe(404);
    const preflight = await fetch(emulator.url + '/_emulator/faults', { method: 'OPTIONS' });
    expect([preflight.status, preflight.headers.get('access-control-allow-methods')]).toEqual([204, 'GET, POST']);
  });
});

/** Calls the control API with the given Host and Origin (fetch cannot set Host). */
function controlAs(method: string, path: string, headers: Record<string, string>): Promise<{ status: number; allowOrigin?: string; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(emulator.url + '/_emulator/' + path, { method, headers }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, allowOrigin: response.headers['access-control-allow-origin'] as string | undefined, text }));
    });
    outgoing.on('error', reject);
    outgoing.end(method == 'POST' ? JSON.stringify({ fail: { status: 500, times: 3 } }) : undefined);
  });
}

describe('the control API is for this machine only (DNS rebinding)', () => {
  const port = () => new URL(emulator.url).port;

  test.each([['evil.example'], ['evil.example:PORT'], ['127.0.0.1.evil.example:PORT'], ['localhost.evil.example'], ['10.0.0.5:PORT'], ['[::1].evil.example']])(
    'Host %s gets 403, and no fault is set or contact shown',
    async (host) => {
      await identify('secret@example.com');
      for (const [method, path] of [['GET', 'contacts'], ['GET', 'requests'], ['POST', 'faults'], ['POST', 'reset']]) {
        const answer = await controlAs(method, path, { host: host.replace('PORT', port()) });
        expect([method, path, answer.status]).toEqual([method, path, 403]);
        expect(answer.text).not.toContain('secret@example.com');
      }
      expect((await identify()).status).toBe(201);
      expect(emulator.contacts()).toHaveLength(2);
    },
  );

  test.each([['127.0.0.1:PORT'], ['localhost:PORT'], ['[::1]:PORT'], ['LOCALHOST'], ['127.0.0.1']])('Host %s is served', async (host) => {
    expect((await controlAs('GET', 'contacts', { host: host.replace('PORT', port()) })).status).toBe(200);
  });

  test('a page of another site is refused even on a loopback Host; a local page gets its own origin back', async () => {
    const host = `127.0.0.1:${port()}`;
    expect((await controlAs('POST', 'faults', { host, origin: 'https://evil.example' })).status).toBe(403);
    expect((await controlAs('GET', 'contacts', { host, origin: 'http://127.0.0.1.evil.example' })).status).toBe(403);
    expect((await identify()).status).toBe(201);
    const local = await controlAs('GET', 'contacts', { host, origin: 'http://localhost:5173' });
    expect([local.status, local.allowOrigin]).toEqual([200, 'http://localhost:5173']);
  });
});
