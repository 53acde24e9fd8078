import fc from 'fast-check';
import * as v from 'valibot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch } from './test/fake-fetch.js';
import { identify } from './client.js';
import { Contact } from './contact.js';

afterEach(() => vi.unstubAllGlobals());

// Values near the schema's edges: the right type with the wrong content, and the wrong type.
const edgy = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ minLength: 495, maxLength: 505 }),
  fc.constantFrom('a@b.co', 'https://x.io/a.png', 'javascript:alert(1)', '2024-01-15T10:30:00Z', '', ' ', '__proto__'),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date({ noInvalidDate: false }),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.object()), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('plan', '__proto__', 'constructor', 'x'), fc.oneof(fc.string(), fc.double(), fc.object())),
  fc.anything(),
);

const fields = ['email', 'userId', 'name', 'profilePicture', 'phone', 'locale', 'roles', 'userHash', 'subscribedToChangelog', 'createdAt', 'customFields', 'id', 'extra'];
const companyFields = ['id', 'name', 'companyHash', 'companySize', 'createdAt', 'customFields', 'industry', 'monthlySpend', 'plan', 'website'];

const contactish = fc.oneof(
  fc.anything(),
  fc.record(Object.fromEntries(fields.map((f) => [f, edgy])), { requiredKeys: [] }),
  fc.record(
    {
      userId: fc.string({ minLength: 1, maxLength: 20 }),
      companies: fc.array(fc.record(Object.fromEntries(companyFields.map((f) => [f, edgy])), { requiredKeys: [] }), { maxLength: 3 }),
    },
    { requiredKeys: [] },
  ),
);

describe('identify over thousands of random inputs', () => {
  it('never throws synchronously and never sends anything the schema refuses', async () => {
    const sent = fakeFetch();
    await fc.assert(
      fc.asyncProperty(contactish, async (input) => {
        const before = sent.length;
        let promise: Promise<unknown> | undefined;
        expect(() => (promise = identify(input as never))).not.toThrow();
        const outcome = await promise!.then(
          () => 'sent',
          (error) => error.code,
        );
        if (outcome === 'sent') {
          expect(sent.length).toBe(before + 1);
          const body = sent[sent.length - 1].body;
          expect(v.safeParse(Contact, body).success).toBe(true);
          expect(body).toEqual(JSON.parse(JSON.stringify(v.parse(Contact, input))));
        } else {
          expect(outcome).toBe('invalid_contact');
          // validateContact and the exported Contact schema refuse the same inputs.
          expect(v.safeParse(Contact, input).success).toBe(false);
          expect(sent.length).toBe(before);
        }
      }),
      { numRuns: 2000 },
    );
    // The generators must reach both outcomes, or the property proves nothing.
    expect(sent.length).toBeGreaterThan(50);
  }, 60_000);
});
