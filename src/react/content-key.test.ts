import { describe, expect, it } from 'vitest';
import { contentKey } from './content-key.js';

describe('contentKey', () => {
  it('is the same for the same content, whatever the key order, at every depth', () => {
    const a = { userId: 'u', email: 'a@example.com', customFields: { plan: 'pro', seats: 3 }, companies: [{ id: 'c', name: 'C', plan: 'x' }] };
    const b = { companies: [{ plan: 'x', name: 'C', id: 'c' }], customFields: { seats: 3, plan: 'pro' }, email: 'a@example.com', userId: 'u' };
    expect(contentKey(b)).toBe(contentKey(a));
  });

  it('counts a Date as its ISO string and an undefined field as missing, as identify sends them', () => {
    expect(contentKey({ userId: 'u', createdAt: new Date('2024-01-15T10:30:00Z') })).toBe(contentKey({ userId: 'u', createdAt: '2024-01-15T10:30:00.000Z' }));
    expect(contentKey({ userId: 'u', name: undefined })).toBe(contentKey({ userId: 'u' }));
  });

  it('differs when any value, array order or nesting differs', () => {
    const base = contentKey({ userId: 'u', roles: ['a', 'b'], customFields: { n: 1 } });
    expect(contentKey({ userId: 'u', roles: ['b', 'a'], customFields: { n: 1 } })).not.toBe(base);
    expect(contentKey({ userId: 'u', roles: ['a', 'b'], customFields: { n: '1' } })).not.toBe(base);
    expect(contentKey({ userId: 'u', roles: ['a', 'b'], customFields: { n: 1, m: null } })).not.toBe(base);
    expect(contentKey({ userId: 'v', roles: ['a', 'b'], customFields: { n: 1 } })).not.toBe(base);
  });

  it('tells a number that is not finite from null (JSON would not), so fixing it is a change', () => {
    const keys = [null, NaN, Infinity, -Infinity].map((n) => contentKey({ userId: 'u', customFields: { n } }));
    expect(new Set(keys).size).toBe(4);
  });

  it('never throws, and gives a stable key to what JSON cannot serialize', () => {
    const cyclic: Record<string, unknown> = { userId: 'u' };
    cyclic.self = cyclic;
    const getter = Object.defineProperty({}, 'email', { enumerable: true, get: () => { throw new Error('boom'); } });
    for (const value of [cyclic, getter, { userId: 'u', n: 1n }, () => {}]) {
      expect(typeof contentKey(value)).toBe('string');
      expect(contentKey(value)).toBe(contentKey(value));
    }
  });
});
