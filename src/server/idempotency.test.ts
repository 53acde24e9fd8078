// @vitest-environment node
import { describe, expect, test } from 'vitest';
import { identifyRequest, useEmulator } from './test-kit.js';

const setup = useEmulator();
const { call, handler } = setup;
const upstream = () => setup.emulator.requests.filter((r) => r.path === '/v2/contacts');
const withKey = (key: string, body: object = { name: 'Ada' }) => identifyRequest(body, { headers: { 'idempotency-key': key } });

describe('Idempotency-Key', () => {
  test('concurrent repeats of one request are forwarded once and share its answer', async () => {
    const release = setup.emulator.hold();
    const handle = handler();
    const first = call(handle, withKey('k1'));
    const second = call(handle, withKey('k1'));
    while (!upstream().length) await new Promise((resolve) => setImmediate(resolve));
    release();
    const [a, b] = await Promise.all([first, second]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body).toEqual(a.body);
    expect(upstream()).toHaveLength(1);
  });

  test('a later repeat of a delivered request gets the first answer without a forward', async () => {
    const handle = handler();
    const first = await call(handle, withKey('k2'));
    const again = await call(handle, withKey('k2'));
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.id).toBe(first.body.id);
    expect(upstream()).toHaveLength(1);
  });

  test('a repeat after a failure is forwarded again: it is a retry', async () => {
    const handle = handler();
    setup.emulator.fail({ status: 503 });
    expect((await call(handle, withKey('k3'))).status).toBe(502);
    expect((await call(handle, withKey('k3'))).status).toBe(201);
    expect(upstream()).toHaveLength(2);
  });

  test('a replayed answer gets the CORS headers of its own request, not of an earlier one', async () => {
    const handle = handler({ allowedOrigins: ['https://www.example.com'] });
    const cross = (key: string) => identifyRequest({ name: 'Ada' }, { headers: { 'idempotency-key': key, origin: 'https://www.example.com' } });
    const first = await call(handle, cross('k5'));
    const same = await call(handle, withKey('k5'));
    const again = await call(handle, cross('k5'));
    expect(upstream()).toHaveLength(1);
    expect(first.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
    expect(same.headers.get('access-control-allow-origin')).toBeNull();
    expect(again.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
    expect(same.body).toEqual(first.body);
  });

  test('the same key with another contact, another user, or no key is forwarded', async () => {
    const handle = handler();
    const other = handler({ resolveUser: () => ({ userId: 'usr_bob' }) });
    await call(handle, withKey('k4'));
    await call(handle, withKey('k4', { name: 'Ada L.' }));
    await call(other, withKey('k4'));
    await call(handle, identifyRequest({ name: 'Ada' }));
    await call(handle, withKey('bad key with spaces'));
    await call(handle, withKey('bad key with spaces'));
    expect(upstream()).toHaveLength(6);
  });
});
