import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch } from './test/fake-fetch.js';
import type * as Client from './client.js';
import { DEFAULT_ENDPOINT } from './config.js';
import type { FeaturebaseError } from './errors.js';

let identify: typeof Client.identify;
let init: typeof Client.init;

const ada = { userId: 'u_ada', email: 'ada@example.com', name: 'Ada' };
const fbError = (status: number, param: string) =>
  Response.json({ error: { type: 'invalid_request_error', code: 'invalid_parameter', message: `Bad ${param}`, param, status } }, { status });

// A fresh SDK per test (no dedupe memory, no pending delivery), trying each request once:
// retries have their own tests in delivery.test.ts.
beforeEach(async () => {
  localStorage.clear();
  vi.resetModules();
  ({ identify, init } = await import('./client.js'));
  init({ attempts: 1 });
});
afterEach(() => vi.unstubAllGlobals());

describe('identify: what is sent', () => {
  it('POSTs the validated contact as JSON to the default endpoint, same-origin, with keepalive', async () => {
    const sent = fakeFetch();
    await identify({ ...ada, createdAt: new Date('2024-01-15T10:30:00Z') });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      url: DEFAULT_ENDPOINT,
      method: 'POST',
      credentials: 'same-origin',
      keepalive: true,
      headers: { 'content-type': 'application/json' },
      body: { ...ada, createdAt: '2024-01-15T10:30:00.000Z' },
    });
  });

  it('goes to the endpoint and headers set by init, calling a header function on every request', async () => {
    const sent = fakeFetch();
    let token = 0;
    init({ endpoint: 'https://app.example.com/fb', headers: async () => ({ 'X-CSRF-Token': `t${++token}` }) });
    await identify(ada);
    await identify(ada, { force: true });
    expect(sent.map((s) => [s.url, s.headers['x-csrf-token']])).toEqual([
      ['https://app.example.com/fb', 't1'],
      ['https://app.example.com/fb', 't2'],
    ]);
  });

  it('does not let custom headers change the content type', async () => {
    const sent = fakeFetch();
    init({ headers: { 'Content-Type': 'text/plain', 'X-App': '1' } });
    await identify(ada);
    expect(sent[0].headers).toMatchObject({ 'content-type': 'application/json', 'x-app': '1' });
  });

  it('drops keepalive for a body too large for it, and still sends', async () => {
    const sent = fakeFetch();
    await identify({ ...ada, customFields: { notes: 'x'.repeat(30000) } });
    expect(sent[0].keepalive).toBe(false);
  });

  it('sends nothing for an invalid contact, and names the field', async () => {
    const sent = fakeFetch();
    const error: FeaturebaseError = await identify({ userId: 'u', companies: [{ id: 'c', name: '' }] }).catch((e) => e);
    expect(error.code).toBe('invalid_contact');
    expect(error.param).toBe('companies[0].name');
    expect(error.message).toMatch(/^\[featurebase\] companies\[0\]\.name: /);
    expect(sent).toHaveLength(0);
  });
});

describe('identify: what comes back', () => {
  it('resolves created for a 201 and updated for a 200, with the contact', async () => {
    fakeFetch(
      Response.json({ object: 'contact', id: 'a'.repeat(24), userId: 'u_ada' }, { status: 201 }),
      Response.json({ object: 'contact', id: 'a'.repeat(24), userId: 'u_ada', name: 'Ada' }, { status: 200 }),
    );
    const created = await identify(ada);
    expect(created).toMatchObject({ status: 'created', contact: { object: 'contact', id: 'a'.repeat(24), userId: 'u_ada' } });
    expect(created.headers!.get('content-type')).toContain('application/json');
    expect(await identify(ada, { force: true })).toMatchObject({ status: 'updated', contact: { name: 'Ada' } });
  });

  it("keeps Featurebase's error code, param and message from a non-2xx", async () => {
    fakeFetch(fbError(400, 'email'));
    const error: FeaturebaseError = await identify(ada).catch((e) => e);
    expect(error).toMatchObject({ code: 'http', status: 400, upstreamCode: 'invalid_parameter', param: 'email' });
    expect(error.message).toBe('[featurebase] Bad email');
  });

  it('reports the status of a non-2xx without a JSON body', async () => {
    fakeFetch(new Response('Bad gateway', { status: 502 }));
    const error: FeaturebaseError = await identify(ada).catch((e) => e);
    expect(error).toMatchObject({ code: 'http', status: 502 });
    expect(error.message).toContain('answered 502');
  });

  it('refuses a 2xx that is not JSON: the endpoint is probably not mounted', async () => {
    fakeFetch(new Response('<!doctype html><title>SPA</title>', { status: 200, headers: { 'content-type': 'text/html' } }));
    const error: FeaturebaseError = await identify(ada).catch((e) => e);
    expect(error).toMatchObject({ code: 'invalid_response', status: 200 });
    expect(error.message).toContain("answered 200, not JSON");
  });

  it('maps a network failure to code network, keeping the cause', async () => {
    const cause = new TypeError('Failed to fetch');
    fakeFetch(cause);
    const error: FeaturebaseError = await identify(ada).catch((e) => e);
    expect(error.code).toBe('network');
    expect(error.cause).toBe(cause);
  });
});

describe('identify: callbacks and never throwing', () => {
  it('calls back once with (null, result) on success', async () => {
    fakeFetch();
    const callback = vi.fn();
    const result = await identify(ada, callback);
    await Promise.resolve();
    expect(callback.mock.calls).toEqual([[null, result]]);
  });

  it('calls back once with the error, and leaves no unhandled rejection', async () => {
    const sent = fakeFetch();
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    let calledBack!: () => void;
    const callback = vi.fn(() => calledBack());
    // Deliberately ignore the returned promise, as script-tag users do.
    await new Promise<void>((resolve) => {
      calledBack = resolve;
      identify({ userId: '' } as never, callback);
    });
    // Node reports a rejection left unhandled once this turn's microtasks have run: before the
    // next turn of the event loop, which setImmediate waits for.
    await new Promise((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', unhandled);
    expect(callback).toHaveBeenCalledTimes(1);
    expect(callback.mock.calls[0]).toEqual([expect.objectContaining({ code: 'invalid_contact', param: 'userId' })]);
    expect(unhandled).not.toHaveBeenCalled();
    expect(sent).toHaveLength(0);
  });

  const throwing = () => Object.defineProperty({}, 'force', { enumerable: true, get: () => { throw new Error('boom'); } });
  const revoked = () => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; };
  it.each([
    ['undefined', undefined, undefined],
    ['a string', 'ada@example.com', undefined],
    ['a contact whose getter throws', Object.defineProperty({}, 'email', { enumerable: true, get: () => { throw new Error('boom'); } }), undefined],
    ['a revoked proxy as the contact', revoked(), undefined],
    ['options whose getter throws', ada, throwing()],
    ['a revoked proxy as the options', ada, revoked()],
  ])('never throws synchronously, even for %s', async (_, input, options) => {
    const sent = fakeFetch();
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = identify(input as never, options as never);
    }).not.toThrow();
    await expect(promise).rejects.toBeInstanceOf(Error);
    expect(sent).toHaveLength(0);
  });

  it('rejects with invalid_options when the headers function throws, its error as cause, sending nothing', async () => {
    const sent = fakeFetch();
    const cause = new Error('no token');
    init({ headers: () => { throw cause; } });
    await expect(identify(ada)).rejects.toMatchObject({ code: 'invalid_options', param: 'headers', cause });
    init({ headers: () => Promise.reject(cause) });
    await expect(identify(ada)).rejects.toMatchObject({ code: 'invalid_options', param: 'headers', cause });
    expect(sent).toHaveLength(0);
  });
});
