// @vitest-environment node
import { describe, expect, test } from 'vitest';
import { identifyRequest, useEmulator } from './test-kit.js';

const setup = useEmulator();
const { call, handler } = setup;
const forwarded = () => setup.emulator.requests as { body: any }[];

describe('what resolveUser returns', () => {
  test('no Unicode case folding: a KELVIN SIGN email is not kate@example.com', async () => {
    const kelvin = handler({ resolveUser: () => ({ email: '\u212Aate@example.com' }) });
    const { status, body } = await call(kelvin, identifyRequest({ email: 'kate@example.com' }));
    expect([status, body.error.code, body.error.param]).toEqual([403, 'identity_mismatch', 'email']);
    expect(forwarded()).toEqual([]);
  });

  test('a numeric userId from resolveUser is used as its decimal string', async () => {
    const numeric = handler({ resolveUser: () => ({ userId: 12345 }) as never });
    expect((await call(numeric, identifyRequest({ name: 'A' }))).status).toBe(201);
    expect((await call(numeric, identifyRequest({ userId: '12345', name: 'B' }))).status).toBe(200);
    expect((await call(handler({ resolveUser: () => ({ userId: 7n }) as never }), identifyRequest({ name: 'C' }))).status).toBe(201);
    expect(forwarded().map((r) => r.body.userId)).toEqual(['12345', '12345', '7']);
  });

  test.each([
    ['an object userId', { userId: { id: 1 } }],
    ['a boolean userId', { userId: true }],
    ['a fractional userId', { userId: 1.5 }],
    ['a numeric email', { email: 5 }],
    ['companyIds that are not an array', { userId: 'u', companyIds: 'acme' }],
  ])('%s from resolveUser is a configuration error: 500 misconfigured, logged once per process', async (_, user) => {
    const broken = handler({ resolveUser: () => user as never });
    for (let i = 0; i < 3; i++) {
      const { status, body } = await call(broken, identifyRequest({ name: 'A' }));
      expect([status, body.error.code, body.error.type]).toEqual([500, 'misconfigured', 'api_error']);
    }
    await call(handler({ resolveUser: () => user as never }), identifyRequest({ name: 'A' }));
    const errors = setup.leaks.consoleCalls.filter((line) => line.startsWith('error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('[featurebase] resolveUser returned');
    expect(forwarded()).toEqual([]);
  });
});
