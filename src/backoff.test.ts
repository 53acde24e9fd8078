import { describe, expect, it } from 'vitest';
import { retryAfterMs, retryDelay } from './backoff.js';
import { FeaturebaseError } from './errors.js';

const now = Date.parse('2026-01-01T00:00:00Z');
const headers = (init: Record<string, string>) => new Headers(init);
const http = (status: number, retryAfter?: number) => new FeaturebaseError('http', 'x', { status, retryAfter });

describe('retryAfterMs', () => {
  it.each([
    ['Retry-After in seconds', { 'retry-after': '2' }, 503, 2000],
    ['Retry-After 0', { 'retry-after': '0' }, 429, 0],
    ['Retry-After as an HTTP date', { 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, 503, 5000],
    ['Retry-After as a past date', { 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }, 503, 0],
    ['Retry-After first, even with X-RateLimit-Reset', { 'retry-after': '3', 'x-ratelimit-reset': '59' }, 429, 3000],
    ['X-RateLimit-Reset as epoch seconds on a 429', { 'x-ratelimit-reset': String(now / 1000 + 7) }, 429, 7000],
    ['X-RateLimit-Reset as seconds from now on a 429', { 'x-ratelimit-reset': '12' }, 429, 12000],
  ])('%s', (_, init, status, expected) => {
    expect(retryAfterMs(headers(init), status, now)).toBe(expected);
  });

  it.each([
    ['no headers', {}, 429],
    ['X-RateLimit-Reset on a 503: it says when the quota resets, not when the server is back', { 'x-ratelimit-reset': '30' }, 503],
    ['a Retry-After that is neither', { 'retry-after': 'soon' }, 503],
  ])('is undefined for %s', (_, init, status) => {
    expect(retryAfterMs(headers(init), status, now)).toBeUndefined();
  });
});

describe('retryDelay', () => {
  it.each([400, 401, 403, 404, 413, 422, 409])('never retries a %i', (status) => {
    expect(retryDelay(http(status), 1)).toBeUndefined();
  });

  it.each(['invalid_contact', 'invalid_response', 'unsupported_environment'] as const)('never retries %s', (code) => {
    expect(retryDelay(new FeaturebaseError(code, 'x'), 1)).toBeUndefined();
  });

  it.each([
    ['a network error', new FeaturebaseError('network', 'x')],
    ['a timeout', new FeaturebaseError('timeout', 'x')],
    ['a 408', http(408)],
    ['a 429', http(429)],
    ['a 500', http(500)],
    ['a 503', http(503)],
  ])('retries %s with exponential backoff and jitter', (_, error) => {
    const lows = [1, 2, 3, 4].map((n) => retryDelay(error, n, 0));
    const highs = [1, 2, 3, 4].map((n) => retryDelay(error, n, 0.999999));
    expect(lows).toEqual([250, 500, 1000, 2000]);
    highs.forEach((high, i) => expect(high).toBeCloseTo(lows[i]! * 2, 0));
  });

  it('caps the backoff at 30 s', () => {
    expect(retryDelay(http(503), 20, 0.999999)).toBeLessThanOrEqual(30000);
    expect(retryDelay(http(503), 20, 0)).toBe(15000);
  });

  it("takes the server's wait over the backoff", () => {
    expect(retryDelay(http(429, 2000), 1, 0)).toBe(2000);
    expect(retryDelay(http(503, 0), 3, 0)).toBe(0);
  });
});
