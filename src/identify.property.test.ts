import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch } from './test/fake-fetch.js';
import { acceptable } from './test/contract.js';
import { stubStorage } from './test/storage.js';
import { identify, init } from './client.js';

beforeEach(() => {
  stubStorage();
  // Every accepted contact is sent: no dedupe between runs.
  init({ dedupeMs: 0 });
});
afterEach(() => vi.unstubAllGlobals());

// Values near the contract's edges: the right type with the wrong content, and the wrong type.
const edgy = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ minLength: 495, maxLength: 505 }),
  fc.constantFrom('a@b.co', 'ada.l+fb@example-mail.co.uk', 'a@b', 'a@@b.co', 'a..b@c.de', 'a@-b.co', 'ä@b.co', '', ' ', '\u00a0', '__proto__'),
  fc.constantFrom('https://x.io/a.png', 'HTTP://X.IO', 'http://[::1]/', 'https://u@h/', 'http://.x', 'http:x.io', 'ftp://x.io', '//x.io/a', 'javascript:alert(1)', 'https://x.io/a b'),
  fc.constantFrom('2024-01-15T10:30:00Z', '2024-02-29T00:00:00+14:00', '2023-02-29T00:00:00Z', '2024-02-30T10:00:00Z', '2024-04-31T00:00:00Z', '2024-01-15T24:00:00Z'),
  fc.constantFrom('2024-01-15T23:59:60Z', '2024-01-15T10:30:00.123456789-23:59', '2024-01-15T10:30:00+24:00', '2024-01-15T10:30:00', '0000-01-01T00:00:00Z', '2024-1-15T10:30:00Z'),
  fc.date({ noInvalidDate: false }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.double(), fc.constant(null), fc.boolean(), fc.object(), fc.array(fc.integer(), { maxLength: 1 })), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('plan', '__proto__', 'constructor', 'prototype', 'x', ''), fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null), fc.object(), fc.array(fc.oneof(fc.string(), fc.object()), { maxLength: 2 }))),
  fc.anything(),
);

// Values that are mostly valid, often near a limit: most contacts built from them pass.
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const dateTime = fc
  .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), fc.constantFrom('Z', '.5Z', '+02:00', '-23:59', '+24:00', '-05:60', ''))
  .map(([y, mo, d, h, mi, s, zone]) => `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${zone}`);
const primitive = fc.oneof(fc.string({ maxLength: 8 }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null));
const often = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 15 }, { arbitrary: edgy, weight: 1 });
const validish = {
  email: often(
    fc.oneof(
      { arbitrary: fc.tuple(fc.stringMatching(/^[\w+-]{1,8}(\.[\w+-]{1,4})?$/), fc.stringMatching(/^[a-z\d]{1,8}$/), fc.constantFrom('co', 'io', 'example')).map((p) => `${p[0]}@${p[1]}.${p[2]}`), weight: 3 },
      { arbitrary: fc.emailAddress(), weight: 1 },
    ),
  ),
  userId: often(fc.string({ minLength: 1, maxLength: 20 })),
  name: often(fc.string({ maxLength: 30 })),
  profilePicture: often(fc.webUrl()),
  phone: often(fc.string({ maxLength: 16 })),
  locale: often(fc.string({ maxLength: 11 })),
  roles: often(fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 })),
  userHash: often(fc.string({ minLength: 250, maxLength: 260 })),
  subscribedToChangelog: often(fc.boolean()),
  createdAt: often(fc.oneof(dateTime, fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z') }))),
  customFields: often(fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(primitive, fc.array(primitive, { maxLength: 3 })), { maxKeys: 3 })),
};
const validishCompany = fc.record(
  {
    id: often(fc.string({ minLength: 1, maxLength: 12 })),
    name: often(fc.string({ minLength: 1, maxLength: 12 })),
    companySize: often(fc.nat()),
    monthlySpend: often(fc.double({ min: 0, noNaN: true })),
    createdAt: validish.createdAt,
    website: often(fc.webUrl()),
    plan: often(fc.string({ maxLength: 12 })),
  },
  { requiredKeys: [] },
);

const fields = ['email', 'userId', 'name', 'profilePicture', 'phone', 'locale', 'roles', 'userHash', 'subscribedToChangelog', 'createdAt', 'customFields', 'id', 'extra'];
const companyFields = ['id', 'name', 'companyHash', 'companySize', 'createdAt', 'customFields', 'industry', 'monthlySpend', 'plan', 'website', 'companyId'];

const contactish = fc.oneof(
  fc.anything(),
  { arbitrary: fc.record({ ...validish, companies: often(fc.array(validishCompany, { maxLength: 2 })) }, { requiredKeys: ['userId'] }), weight: 4 },
  fc.record(Object.fromEntries(fields.map((f) => [f, edgy])), { requiredKeys: [] }),
  fc.record(
    {
      userId: fc.string({ minLength: 1, maxLength: 20 }),
      email: edgy,
      profilePicture: edgy,
      createdAt: edgy,
      companies: fc.array(fc.record(Object.fromEntries(companyFields.map((f) => [f, edgy])), { requiredKeys: [] }), { maxLength: 3 }),
    },
    { requiredKeys: ['userId'] },
  ),
);

// Hostile options, made in the property (fast-check cannot hold a revoked proxy): a getter that
// throws, a revoked proxy; and anything at all.
const hostile = {
  throwing: () => Object.defineProperty({}, 'force', { enumerable: true, get: () => { throw new Error('boom'); } }),
  revoked: () => { const proxy = Proxy.revocable({}, {}); proxy.revoke(); return proxy.proxy; },
};
const optionsish = fc.oneof(fc.constant(undefined), fc.record({ force: fc.boolean() }), fc.constantFrom<keyof typeof hostile>('throwing', 'revoked'), fc.anything());

describe('identify over thousands of random inputs, against an oracle written from the contacts API reference', () => {
  it('never throws synchronously, sends exactly what the contract accepts, and refuses the rest with invalid_contact', async () => {
    const sent = fakeFetch();
    const seen = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(contactish, optionsish, async (input, generated) => {
        const options = typeof generated == 'string' && Object.hasOwn(hostile, generated) ? hostile[generated as keyof typeof hostile]() : generated;
        const before = sent.length;
        let promise: Promise<unknown> | undefined;
        expect(() => (promise = identify(input as never, options as never))).not.toThrow();
        const outcome = await promise!.then(
          () => 'sent',
          (error) => error.code,
        );
        // Options that throw when read fail the call before the contact is looked at.
        if (outcome === undefined) return;
        if (acceptable(input)) {
          seen.accepted++;
          expect(outcome).toBe('sent');
          expect(sent.length).toBe(before + 1);
          expect(sent[sent.length - 1].body).toEqual(JSON.parse(JSON.stringify(input)));
        } else {
          seen.refused++;
          expect(outcome).toBe('invalid_contact');
          expect(sent.length).toBe(before);
        }
      }),
      { numRuns: 2000 },
    );
    // The generators must reach both outcomes often, or the property proves little.
    expect(seen.accepted).toBeGreaterThan(100);
    expect(seen.refused).toBeGreaterThan(100);
  }, 60_000);
});
