import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch } from './test/fake-fetch.js';
import { ada, closePage, openPage, status } from './test/sdk.js';
import type * as Sdk from './index.js';

let sdk: typeof Sdk;

// The ESM entry's: featurebase.umd.js has no widgets option (e2e/widgets.spec.ts).
const defaults = { endpoint: '/api/featurebase/identify', headers: {}, timeoutMs: 10_000, attempts: 5, retryWithinMs: 60_000, dedupeMs: 86_400_000, widgets: false };

beforeEach(async () => ({ sdk } = await openPage()));
afterEach(closePage);

/** How many requests one identify makes against an endpoint that always answers 503. */
async function attemptsMade() {
  const sent = fakeFetch(status(503));
  const result = sdk.identify(ada, { force: true }).catch(() => {});
  await vi.advanceTimersByTimeAsync(120_000);
  await result;
  return sent.length;
}

describe('init: the settings in force', () => {
  it('init({}) returns every setting, defaults included', () => {
    expect(sdk.init({})).toEqual(defaults);
  });

  it('returns a copy: changing it changes nothing', async () => {
    const settings = sdk.init({ attempts: 2 }) as { attempts: number };
    settings.attempts = 4;
    expect(sdk.init({}).attempts).toBe(2);
    expect(await attemptsMade()).toBe(2);
  });

  it('keeps what another call set, and an option set to undefined goes back to its default', async () => {
    sdk.init({ attempts: 2, endpoint: '/auth/fb' });
    sdk.init({ timeoutMs: 500 });
    expect(sdk.init({})).toEqual({ ...defaults, attempts: 2, endpoint: '/auth/fb', timeoutMs: 500 });
    sdk.init({ attempts: undefined, endpoint: undefined });
    expect(sdk.init({})).toEqual({ ...defaults, timeoutMs: 500 });
    expect(await attemptsMade()).toBe(5);
  });

  it('0 means what it says where it is allowed', () => {
    expect(sdk.init({ dedupeMs: 0, retryWithinMs: 0 })).toMatchObject({ dedupeMs: 0, retryWithinMs: 0 });
  });
});

describe('init: refused options', () => {
  it.each([
    ['attempts', 0, 'a whole number >= 1'],
    ['attempts', 2.5, 'a whole number >= 1'],
    ['attempts', '3', 'a whole number >= 1'],
    ['timeoutMs', 0, 'a whole number >= 1'],
    ['timeoutMs', 1e20, 'a whole number >= 1'],
    ['retryWithinMs', -1, 'a finite number >= 0'],
    ['dedupeMs', Infinity, 'a finite number >= 0'],
    ['dedupeMs', null, 'a finite number >= 0'],
    ['endpoint', '', 'a non-blank string'],
    ['endpoint', 42, 'a non-blank string'],
    ['headers', 'X-Token: 1', 'an object or a function'],
    ['headers', [['X-Token', '1']], 'an object or a function'],
    ['atempts', 3, 'Unknown key'],
  ])('%s: %o, with invalid_options naming it, and changes nothing', (name, value, message) => {
    const error = (() => {
      try {
        sdk.init({ attempts: 2, [name]: value });
      } catch (error) {
        return error;
      }
    })();
    expect(sdk.isFeaturebaseError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'invalid_options', param: name, issues: [{ path: name, message: expect.stringContaining(message) }] });
    expect((error as Error).message).toMatch(new RegExp(`^\\[featurebase\\] ${name}: `));
    expect(sdk.init({})).toEqual(defaults);
  });

  it.each([undefined, null, 'endpoint'])('options that are no object (%o)', (options) => {
    expect(() => sdk.init(options as never)).toThrow(expect.objectContaining({ code: 'invalid_options', message: expect.stringMatching(/^\[featurebase\] options: /) }));
  });
});
