import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { Contact } from './contact.js';
import { validateContact } from './validate.js';
import { isFeaturebaseError, type FeaturebaseError } from './errors.js';

const long = (n: number) => 'x'.repeat(n);

const full = {
  email: 'ada@example.com',
  userId: 'usr_12345',
  name: 'Ada Lovelace',
  profilePicture: 'https://example.com/ada.png',
  phone: '+1234567890',
  locale: 'en-GB',
  roles: ['role_vip', 'role_beta'],
  userHash: 'a'.repeat(64),
  subscribedToChangelog: true,
  createdAt: '2024-01-15T10:30:00Z',
  customFields: { plan: 'pro', seats: 3, trial: false, cancelledAt: null, tags: ['a', 1, true, null] },
  companies: [
    {
      id: 'company_123',
      name: 'Acme Inc',
      companyHash: 'b'.repeat(64),
      companySize: 250,
      createdAt: '2025-01-01T12:00:00.000Z',
      customFields: { priority: 'high' },
      industry: 'Technology',
      monthlySpend: 500.5,
      plan: 'enterprise',
      website: 'https://acme.com',
    },
  ],
};

function failure(input: unknown): FeaturebaseError {
  try {
    validateContact(input);
  } catch (error) {
    if (isFeaturebaseError(error)) return error;
    throw error;
  }
  throw new Error('expected the contact to be refused: ' + JSON.stringify(input));
}

const company = (extra: object) => ({ email: 'a@b.co', companies: [{ id: 'c1', name: 'C', ...extra }] });

describe('validateContact: accepted', () => {
  it('takes every field of the API at once and returns it unchanged', () => {
    expect(validateContact(full)).toEqual(full);
  });

  it.each([
    ['email only', { email: 'a@b.co' }],
    ['userId only', { userId: 'u1' }],
    ['limits at their maximum', { userId: long(500), email: long(488) + '@example.com', name: long(500), phone: long(500), locale: long(10), userHash: long(256) }],
    ['an offset time zone', { userId: 'u', createdAt: '2024-01-15T10:30:00.123+02:00' }],
    ['microseconds and a negative offset', { userId: 'u', createdAt: '2024-01-15T10:30:00.123456-05:30' }],
    ['a Date for createdAt', { userId: 'u', createdAt: new Date('2024-01-15T10:30:00Z') }],
    ['February 29 of a leap year', { userId: 'u', createdAt: '2024-02-29T23:59:59Z', companies: [{ id: 'c', name: 'C', createdAt: '2000-02-29T00:00:00+14:00' }] }],
    ['the last day of each month', { userId: 'u', createdAt: '2023-04-30T00:00:00Z', companies: [{ id: 'c', name: 'C', createdAt: '2023-12-31T23:59:59.999-23:59' }] }],
    ['the year 0000', { userId: 'u', createdAt: '0000-01-01T00:00:00Z' }],
    ['a Date in year 9999', { userId: 'u', createdAt: new Date('9999-12-31T23:59:59.999Z') }],
    ['zero amounts', company({ companySize: 0, monthlySpend: 0 })],
    ['company limits at their maximum', company({ id: long(500), name: long(500), companyHash: long(256), industry: long(500), plan: long(500), website: 'https://a.co/' + long(487) })],
    ['an empty customFields', { userId: 'u', customFields: {} }],
    ['a customFields key that is empty', { userId: 'u', customFields: { '': 'x' } }],
    ['empty roles and companies', { userId: 'u', roles: [], companies: [] }],
    ['an http profile picture with a query', { userId: 'u', profilePicture: 'http://cdn.example.com/a.png?s=64#x' }],
  ])('%s', (_, contact) => {
    expect(() => validateContact(contact)).not.toThrow();
  });

  it('keeps a Date as a Date, which JSON sends as the ISO string', () => {
    const createdAt = new Date('2024-01-15T10:30:00Z');
    expect(JSON.parse(JSON.stringify(validateContact({ userId: 'u', createdAt })))).toEqual({ userId: 'u', createdAt: '2024-01-15T10:30:00.000Z' });
  });
});

describe('validateContact: refused, naming the field', () => {
  it.each([
    ['neither email nor userId', { name: 'Ada' }, 'email', /email or userId/],
    ['an empty object', {}, 'email', /email or userId/],
    ['a malformed email', { email: 'not-an-email' }, 'email', /email/i],
    ['an email over 500', { email: long(489) + '@example.com' }, 'email', /500/],
    ['a blank userId', { userId: '   ' }, 'userId', /blank/],
    ['a userId over 500', { userId: long(501) }, 'userId', /500/],
    ['a numeric userId', { userId: 42 }, 'userId', /string/],
    ['a name over 500', { userId: 'u', name: long(501) }, 'name', /500/],
    ['a phone over 500', { userId: 'u', phone: long(501) }, 'phone', /500/],
    ['a locale over 10', { userId: 'u', locale: long(11) }, 'locale', /10/],
    ['a userHash over 256', { userId: 'u', userHash: long(257) }, 'userHash', /256/],
    ['a javascript: picture', { userId: 'u', profilePicture: 'javascript:alert(1)' }, 'profilePicture', /http/],
    ['a data: picture', { userId: 'u', profilePicture: 'data:image/png;base64,AAAA' }, 'profilePicture', /http/],
    ['a relative picture', { userId: 'u', profilePicture: '/ada.png' }, 'profilePicture', /http/],
    ['a protocol-relative picture', { userId: 'u', profilePicture: '//cdn.example.com/a.png' }, 'profilePicture', /http/],
    ['a picture URL with spaces', { userId: 'u', profilePicture: 'https://exa mple.com/a.png' }, 'profilePicture', /http/],
    ['roles not an array', { userId: 'u', roles: 'admin' }, 'roles', /array/i],
    ['a role that is not a string', { userId: 'u', roles: ['ok', 7] }, 'roles[1]', /string/],
    ['subscribedToChangelog as a string', { userId: 'u', subscribedToChangelog: 'yes' }, 'subscribedToChangelog', /true or false/],
    ['a date without time', { userId: 'u', createdAt: '2024-01-15' }, 'createdAt', /ISO 8601/],
    ['a date without time zone', { userId: 'u', createdAt: '2024-01-15T10:30:00' }, 'createdAt', /ISO 8601/],
    ['a month 13', { userId: 'u', createdAt: '2024-13-15T10:30:00Z' }, 'createdAt', /ISO 8601/],
    ['a minute 60', { userId: 'u', createdAt: '2024-01-15T10:60:00Z' }, 'createdAt', /ISO 8601/],
    // V8's Date.parse rolls these over (to March 1, to the next day) instead of refusing them.
    ['February 30', { userId: 'u', createdAt: '2024-02-30T10:00:00Z' }, 'createdAt', /ISO 8601/],
    ['February 29 of a common year', { userId: 'u', createdAt: '2023-02-29T10:00:00Z' }, 'createdAt', /ISO 8601/],
    ['April 31', { userId: 'u', createdAt: '2024-04-31T10:00:00+02:00' }, 'createdAt', /ISO 8601/],
    ['day 00', { userId: 'u', createdAt: '2024-01-00T10:00:00Z' }, 'createdAt', /ISO 8601/],
    ['hour 24', { userId: 'u', createdAt: '2024-01-15T24:00:00Z' }, 'createdAt', /ISO 8601/],
    ['second 60', { userId: 'u', createdAt: '2024-01-15T23:59:60Z' }, 'createdAt', /ISO 8601/],
    ['an offset of 24 hours', { userId: 'u', createdAt: '2024-01-15T10:00:00+24:00' }, 'createdAt', /ISO 8601/],
    ['an offset minute 60', { userId: 'u', createdAt: '2024-01-15T10:00:00-05:60' }, 'createdAt', /ISO 8601/],
    ['a Date past year 9999, whose ISO string has six digits', { userId: 'u', createdAt: new Date('+010000-01-01T00:00:00Z') }, 'createdAt', /ISO 8601/],
    ['a Date before year 0', { userId: 'u', createdAt: new Date('-000001-01-01T00:00:00Z') }, 'createdAt', /ISO 8601/],
    ['an offset without a colon', { userId: 'u', createdAt: '2024-01-15T10:30:00+0200' }, 'createdAt', /ISO 8601/],
    ['a space for the T', { userId: 'u', createdAt: '2024-01-15 10:30:00Z' }, 'createdAt', /ISO 8601/],
    ['an invalid Date', { userId: 'u', createdAt: new Date('nope') }, 'createdAt', /ISO 8601/],
    ['a createdAt object without a prototype', { userId: 'u', createdAt: Object.create(null) }, 'createdAt', /ISO 8601/],
    ['a timestamp number', { userId: 'u', createdAt: 1705314600000 }, 'createdAt', /ISO 8601/],
    ['customFields as an array', { userId: 'u', customFields: ['a'] }, 'customFields', /object/],
    ['a nested object in customFields', { userId: 'u', customFields: { plan: { tier: 1 } } }, 'customFields', /"plan"/],
    ['an object inside a customFields array', { userId: 'u', customFields: { tags: [{}] } }, 'customFields', /"tags"/],
    ['a nested array in customFields', { userId: 'u', customFields: { tags: [['a']] } }, 'customFields', /"tags"/],
    ['a number in an array in an array in customFields', { userId: 'u', customFields: { tags: [[5]] } }, 'customFields', /"tags"/],
    ['an empty array in an array in customFields', { userId: 'u', customFields: { tags: [[]] } }, 'customFields', /"tags"/],
    ['a Date in customFields', { userId: 'u', customFields: { at: new Date() } }, 'customFields', /"at"/],
    ['a BigInt in customFields', { userId: 'u', customFields: { n: 10n } }, 'customFields', /"n"/],
    ['a BigInt in a customFields array', { userId: 'u', customFields: { n: [1n] } }, 'customFields', /"n"/],
    ['NaN in customFields', { userId: 'u', customFields: { score: NaN } }, 'customFields', /"score"/],
    ['Infinity in customFields', { userId: 'u', customFields: { score: Infinity } }, 'customFields', /"score"/],
    ['undefined in customFields', { userId: 'u', customFields: { gone: undefined } }, 'customFields', /"gone"/],
    ['a function in customFields', { userId: 'u', customFields: { f: () => 1 } }, 'customFields', /"f"/],
    ['a __proto__ key in customFields', { userId: 'u', customFields: JSON.parse('{"__proto__":{"admin":true}}') }, 'customFields', /"__proto__"/],
    ['a constructor key in customFields', { userId: 'u', customFields: { constructor: 'x' } }, 'customFields', /reserved/],
    ['an unknown key', { userId: 'u', nickname: 'x' }, 'nickname', /Unknown key/],
    ['the legacy id key', { id: 'u1', email: 'a@b.co' }, 'id', /did you mean "userId"/],
    ['a __proto__ key', JSON.parse('{"userId":"u","__proto__":{"admin":true}}'), '__proto__', /Unknown key/],
    ['companies not an array', { userId: 'u', companies: { id: 'c' } }, 'companies', /array/i],
    ['a company without id', { userId: 'u', companies: [{ name: 'C' }] }, 'companies[0].id', /^Required$/],
    ['a company that is not an object', { userId: 'u', companies: [5] }, 'companies[0]', /^Expected an object$/],
    ['a company with an empty name', company({ name: '' }), 'companies[0].name', /blank/],
    ['a company with a blank id', company({ id: ' ' }), 'companies[0].id', /blank/],
    ['a company id over 500', company({ id: long(501) }), 'companies[0].id', /500/],
    ['a companyHash over 256', company({ companyHash: long(257) }), 'companies[0].companyHash', /256/],
    ['a negative companySize', company({ companySize: -1 }), 'companies[0].companySize', />= 0/],
    ['an infinite monthlySpend', company({ monthlySpend: Infinity }), 'companies[0].monthlySpend', /finite/],
    ['a NaN monthlySpend', company({ monthlySpend: NaN }), 'companies[0].monthlySpend', /finite/],
    ['a string monthlySpend', company({ monthlySpend: '500' }), 'companies[0].monthlySpend', /number/],
    ['an industry over 500', company({ industry: long(501) }), 'companies[0].industry', /500/],
    ['a plan over 500', company({ plan: long(501) }), 'companies[0].plan', /500/],
    ['a website that is not a URL', company({ website: 'acme.com' }), 'companies[0].website', /http/],
    ['a website over 500', company({ website: 'https://a.co/' + long(488) }), 'companies[0].website', /500/],
    ['a company createdAt that is not ISO', company({ createdAt: 'yesterday' }), 'companies[0].createdAt', /ISO 8601/],
    ['a company createdAt of February 30', company({ createdAt: '2024-02-30T10:00:00Z' }), 'companies[0].createdAt', /ISO 8601/],
    ['company customFields nesting', company({ customFields: { a: { b: 1 } } }), 'companies[0].customFields', /"a"/],
    ['an unknown company key', company({ employees: 3 }), 'companies[0].employees', /Unknown key/],
  ])('%s', (_, contact, path, message) => {
    const error = failure(contact);
    expect(error.code).toBe('invalid_contact');
    expect(error.issues.map((issue) => issue.path)).toContain(path);
    expect(error.issues.find((issue) => issue.path === path)!.message).toMatch(message);
    expect(error.message).toContain(path);
  });

  it.each([null, undefined, 'ada@example.com', 42, [], true])('refuses %j as a contact', (input) => {
    expect(failure(input).code).toBe('invalid_contact');
  });

  it.each([null, 'ada@example.com', 42])('names the contact itself when %j is no object', (input) => {
    const error = failure(input);
    expect(error.issues).toEqual([{ path: '', message: 'Expected an object' }]);
    expect(error.message).toBe('[featurebase] contact: Expected an object');
  });

  it('lists every failing field, second company included', () => {
    const error = failure({ email: 'bad', name: 5, companies: [{ id: 'c', name: 'C' }, { id: '', name: 'D', plan: 1 }] });
    expect(error.issues.map((issue) => issue.path)).toEqual(['email', 'name', 'companies[1].id', 'companies[1].plan']);
    expect(error.param).toBe('email');
  });
});

describe('the Contact schema, as the proxy and the emulator use it', () => {
  it.each(['2024-02-30T10:00:00Z', '2023-02-29T10:00:00Z', '2024-01-15T24:00:00Z', '2024-01-15T10:00:00+24:00'])('refuses createdAt %s, which Date.parse rolls over', (createdAt) => {
    expect(v.safeParse(Contact, { userId: 'u', createdAt }).success).toBe(false);
    expect(v.safeParse(Contact, { userId: 'u', companies: [{ id: 'c', name: 'C', createdAt }] }).success).toBe(false);
  });
});
