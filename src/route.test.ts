import { describe, expect, it } from 'vitest';
import { isOwnIdentify } from './route.js';

const noWidgets = () => false;
const widgets = () => true;

describe("isOwnIdentify: whose is Featurebase('identify', payload)", () => {
  it('a contact (email or userId, contacts API keys only) is ours, with or without their SDK on the page', () => {
    for (const contact of [
      { email: 'ada@example.com' },
      { userId: 'u_1' },
      { userId: 'u_1', email: 'ada@example.com', name: 'Ada', companies: [{ id: 'c', name: 'C' }], customFields: { plan: 'pro' } },
      // Ambiguous: both accept { email, name }; it names no workspace, so it is ours.
      { email: 'ada@example.com', name: 'Ada' },
    ]) {
      expect(isOwnIdentify(contact, widgets), JSON.stringify(contact)).toBe(true);
      expect(isOwnIdentify(contact, noWidgets), JSON.stringify(contact)).toBe(true);
    }
  });

  it('a payload that names a Featurebase workspace (organization, appId) is theirs, even before their SDK shows up', () => {
    for (const payload of [
      { organization: 'acme', email: 'ada@example.com', name: 'Ada', id: 'u_1', profilePicture: 'https://x.co/a.png' },
      { appId: 'app_1', userId: 'u_1', email: 'ada@example.com' },
      { appId: 'app_1', featurebaseJwt: 'a.b.c' },
      { organization: 'acme', jwtToken: 'a.b.c' },
      { organization: 'acme' },
      { appId: undefined, email: 'ada@example.com' },
    ]) {
      expect(isOwnIdentify(payload, noWidgets), JSON.stringify(payload)).toBe(false);
    }
  });

  it('neither (no user named, or a key neither API has) is theirs when their SDK is on the page, else ours (so it is refused loudly)', () => {
    for (const payload of [
      {},
      { name: 'Ada' },
      undefined,
      null,
      'ada@example.com',
      { userId: 'u_1', nickname: 'x' },
      { email: 'a@b.co', customData: { a: 1 } },
      // featurebase-js's React provider before boot (it has put its runtime's script on the page by then).
      { userId: 'u_1', email: 'ada@example.com', userHash: undefined, featurebaseJwt: undefined },
    ]) {
      expect(isOwnIdentify(payload, widgets), JSON.stringify(payload)).toBe(false);
      expect(isOwnIdentify(payload, noWidgets), JSON.stringify(payload)).toBe(true);
    }
  });

  it('asks whether their SDK is on the page only for a payload that is neither', () => {
    let asked = 0;
    const spy = () => (asked++, true);
    isOwnIdentify({ email: 'ada@example.com' }, spy);
    isOwnIdentify({ organization: 'acme' }, spy);
    expect(asked).toBe(0);
    isOwnIdentify({}, spy);
    expect(asked).toBe(1);
  });

  it('does not take inherited names for contact fields', () => {
    expect(isOwnIdentify({ userId: 'u_1', toString: 'x' }, widgets)).toBe(false);
  });
});
