import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, type Sent } from './test/fake-fetch.js';
import { ada, bob, closePage, newPage, openPage } from './test/sdk.js';
import type * as Sdk from './index.js';

// The widgets' token (featurebaseJwt) on the browser side: identify's result exposes it, and with
// init({ widgets }) it reaches Featurebase's runtime through window.Featurebase.

let sdk: typeof Sdk;
let tokens = 0;
/** How long the tokens of `signed` last, in seconds (the proxy's jwtExpiresInSeconds). */
let lifetime = 3600;
/** A JWT's shape (base64url JSON header and claims, a signature): the nth token of the test, expiring at `exp` (seconds). */
// Its claims hold characters whose base64url has '-' and '_' (base64's '+' and '/'), as real ones do.
const jwt = (n: number, exp = 0) =>
  [{ alg: 'HS256', typ: 'JWT' }, { n, exp, name: '>>>???>>>???' }].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + `.sig${n}`;
/** The nth token `signed` answered. */
const token = (n: number) => issued[n - 1];
let issued: string[] = [];
/** The endpoint of a proxy with jwtSecret: 201, the contact, and a new token each time. */
const signed = (sent: Sent) => {
  issued.push(jwt(++tokens, Math.floor(Date.now() / 1000) + lifetime));
  return Response.json({ object: 'contact', id: 'a'.repeat(24), ...(sent.body as object), featurebaseJwt: token(tokens) }, { status: 201 });
};
/** Featurebase's snippet: a function queueing its calls in `Featurebase.q` for their runtime. */
const theirSnippet = () => {
  const featurebase: any = function () {
    // eslint-disable-next-line prefer-rest-params
    (featurebase.q ||= []).push(arguments);
  };
  (window as any).Featurebase = featurebase;
};
/** What Featurebase's runtime was asked, from the queue of their snippet (or the SDK's own, when none). */
const runtime = () => ((window as any).Featurebase?.q || []).map((call: ArrayLike<unknown>) => [...Array.from(call)]);

beforeEach(async () => {
  tokens = 0;
  issued = [];
  lifetime = 3600;
  delete (window as any).Featurebase;
  ({ sdk } = await openPage());
});
afterEach(() => {
  closePage();
  delete (window as any).Featurebase;
});

describe('result.featurebaseJwt', () => {
  it('is the token from the endpoint, and the contact does not carry it', async () => {
    fakeFetch(signed);
    const result = await sdk.identify({ ...ada, name: 'Ada' });
    expect(result).toMatchObject({ status: 'created', featurebaseJwt: token(1) });
    expect(result.contact).toEqual({ object: 'contact', id: 'a'.repeat(24), ...ada, name: 'Ada' });
  });

  it('is absent when the endpoint signs none', async () => {
    fakeFetch();
    const result = await sdk.identify(ada);
    expect(result.featurebaseJwt).toBeUndefined();
    expect(result.contact).not.toHaveProperty('featurebaseJwt');
  });

  it('comes with an unchanged identify on the same page: the token this page already has, nothing sent', async () => {
    const sent = fakeFetch(signed);
    await sdk.identify(ada);
    expect(await sdk.identify(ada)).toMatchObject({ status: 'unchanged', featurebaseJwt: token(1) });
    expect(sent).toHaveLength(1);
  });

  it('comes with an unchanged identify only while it lasts: within a minute of its exp, the contact is sent again for a new one', async () => {
    const sent = fakeFetch(signed);
    await sdk.identify(ada);
    expect(token(1).split('.')[1]).toMatch(/-.*_|_.*-/);
    await vi.advanceTimersByTimeAsync((lifetime - 61) * 1000);
    expect(await sdk.identify(ada)).toMatchObject({ status: 'unchanged', featurebaseJwt: token(1) });
    await vi.advanceTimersByTimeAsync(2000);
    expect(await sdk.identify(ada)).toMatchObject({ status: 'created', featurebaseJwt: token(2) });
    expect(sent).toHaveLength(2);
  });

  it('a token whose exp cannot be read is not reused: the contact is sent again', async () => {
    const sent = fakeFetch(() => Response.json({ object: 'contact', id: 'a'.repeat(24), ...ada, featurebaseJwt: 'not-a-jwt' }, { status: 201 }));
    await sdk.identify(ada);
    expect(await sdk.identify(ada)).toMatchObject({ status: 'created', featurebaseJwt: 'not-a-jwt' });
    expect(sent).toHaveLength(2);
  });

  it('on the next page, a contact delivered with a token is sent again, for a token of that page', async () => {
    const sent = fakeFetch(signed);
    await sdk.identify(ada);
    sdk = await newPage();
    await vi.advanceTimersByTimeAsync(0);
    expect(await sdk.identify(ada)).toMatchObject({ status: 'created', featurebaseJwt: token(2) });
    expect(await sdk.identify(ada)).toMatchObject({ status: 'unchanged', featurebaseJwt: token(2) });
    expect(sent).toHaveLength(2);
  });

  it('on the next page, a contact delivered without a token is still unchanged (dedupe as before)', async () => {
    const sent = fakeFetch();
    await sdk.identify(ada);
    sdk = await newPage();
    await vi.advanceTimersByTimeAsync(0);
    expect(await sdk.identify(ada)).toEqual({ status: 'unchanged' });
    expect(sent).toHaveLength(1);
  });

  it('is forgotten by reset(): the same contact afterwards is sent again', async () => {
    const sent = fakeFetch(signed);
    await sdk.identify(ada);
    sdk.reset();
    expect(await sdk.identify(ada)).toMatchObject({ status: 'created', featurebaseJwt: token(2) });
    expect(sent).toHaveLength(2);
  });
});

describe('init({ widgets })', () => {
  it('is off by default: no token reaches window.Featurebase', async () => {
    fakeFetch(signed);
    await sdk.identify(ada);
    sdk.reset();
    expect(sdk.init({}).widgets).toBe(false);
    expect((window as any).Featurebase).toBeUndefined();
  });

  it('boots the runtime with the first token, identifies with each new one, once, and shuts it down on reset', async () => {
    fakeFetch(signed);
    sdk.init({ widgets: { appId: 'app_1', theme: 'dark' } });
    await sdk.identify(ada);
    await sdk.identify(ada);
    await sdk.identify({ ...ada, name: 'Ada L.' });
    sdk.reset();
    await sdk.identify(bob);
    expect(runtime()).toEqual([
      ['boot', { appId: 'app_1', theme: 'dark', featurebaseJwt: token(1) }],
      ['identify', { appId: 'app_1', theme: 'dark', featurebaseJwt: token(2) }],
      ['shutdown'],
      ['boot', { appId: 'app_1', theme: 'dark', featurebaseJwt: token(3) }],
    ]);
  });

  it('tells the runtime before the identify\'s own callback runs, so the page\'s next commands follow it', async () => {
    fakeFetch(signed);
    sdk.init({ widgets: { appId: 'app_1' } });
    theirSnippet();
    await new Promise<void>((resolve) =>
      sdk.identify(ada, () => {
        (window as any).Featurebase('initialize_feedback_widget', { placement: 'right' });
        resolve();
      }),
    );
    expect(runtime().map(([name]: string[]) => name)).toEqual(['boot', 'initialize_feedback_widget']);
  });

  it('calls the runtime already on the page, Featurebase\'s function', async () => {
    const calls: unknown[][] = [];
    (window as any).Featurebase = (...call: unknown[]) => void calls.push(call);
    fakeFetch(signed);
    sdk.init({ widgets: { appId: 'app_1' } });
    await sdk.identify(ada);
    expect(calls).toEqual([['boot', { appId: 'app_1', featurebaseJwt: token(1) }]]);
  });

  it('passes nothing for an identify that failed or got no token', async () => {
    fakeFetch(new Response('{"error":{"code":"identity_mismatch"}}', { status: 403 }), (sent) => Response.json({ ...(sent.body as object) }, { status: 201 }));
    sdk.init({ widgets: { appId: 'app_1' }, attempts: 1 });
    await sdk.identify(ada).catch(() => {});
    await sdk.identify(bob);
    expect(runtime()).toEqual([]);
  });

  it('sends no shutdown for a user it never handed over: the page\'s own messenger is not its to end', async () => {
    fakeFetch(new Response('{"error":{"code":"identity_mismatch"}}', { status: 403 }));
    sdk.init({ widgets: { appId: 'app_1' }, attempts: 1 });
    theirSnippet();
    (window as any).Featurebase('boot', { appId: 'app_1' });
    await sdk.identify(ada).catch(() => {});
    sdk.reset();
    expect(runtime()).toEqual([['boot', { appId: 'app_1' }]]);
  });

  it('shuts down the user it handed over even after init({ widgets: false })', async () => {
    fakeFetch(signed);
    sdk.init({ widgets: { appId: 'app_1' } });
    await sdk.identify(ada);
    sdk.init({ widgets: false });
    sdk.reset();
    expect(runtime().map(([name]: string[]) => name)).toEqual(['boot', 'shutdown']);
  });

  it('shuts the runtime down when another tab resets', async () => {
    fakeFetch(signed);
    sdk.init({ widgets: { appId: 'app_1' } });
    await sdk.identify(ada);
    window.dispatchEvent(new StorageEvent('storage', { key: 'featurebase-identify:reset', newValue: '1' }));
    expect(runtime().at(-1)).toEqual(['shutdown']);
  });

  it.each([[{}], [{ appId: ' ' }], [{ appId: 42 }], ['app_1'], [true]])('refuses %j, naming the option', (widgets) => {
    expect(() => sdk.init({ widgets } as never)).toThrow(expect.objectContaining({ code: 'invalid_options', param: 'widgets' }));
  });

  it('turns off with false, and back to the default with undefined', () => {
    expect(sdk.init({ widgets: { appId: 'app_1' } }).widgets).toEqual({ appId: 'app_1' });
    expect(sdk.init({ widgets: false }).widgets).toBe(false);
    sdk.init({ widgets: { appId: 'app_1' } });
    expect(sdk.init({ widgets: undefined }).widgets).toBe(false);
  });
});
